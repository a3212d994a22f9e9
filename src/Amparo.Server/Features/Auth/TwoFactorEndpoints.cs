using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// Enrolment in the TOTP second factor, for the signed-in user: <c>setup</c> (a new secret and its otpauth URI),
/// <c>confirm</c> (a first code turns it on and returns ten recovery codes, shown once), <c>disable</c> (needs a
/// current code or a recovery code, and is refused when the role requires a second factor).
/// </summary>
internal static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/two_factor").WithTags("Auth")
            .PermissionDecidedByHandler("the caller's own second factor only");
        group.MapPost("/setup", SetupAsync);
        group.MapPost("/confirm", ConfirmAsync);
        group.MapPost("/disable", DisableAsync);
        return api;
    }

    /// <summary>The signed-in user's row, tracked, for changes to their own second factors.</summary>
    internal static async Task<Users.User?> MeAsync(HttpContext http, AmparoDbContext db) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == CurrentUser.From(http).Id, http.RequestAborted);

    private static async Task<IResult> SetupAsync(HttpContext http, AmparoDbContext db, TwoFactor twoFactor)
    {
        var user = await MeAsync(http, db);
        if (user is null) return ApiErrors.Forbidden(http);
        if (user.TwoFactorEnabled) return ApiErrors.Invalid(http, "two_factor", "errors.two_factor.already_enabled");
        var (secret, uri) = twoFactor.Begin(user, "Amparo");
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["secret"] = secret, ["otpauth_uri"] = uri } });
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, AmparoDbContext db, TwoFactor twoFactor, Audit.AuditTrail audit)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var user = await MeAsync(http, db);
        if (user is null) return ApiErrors.Forbidden(http);
        if (user.TwoFactorEnabled) return ApiErrors.Invalid(http, "two_factor", "errors.two_factor.already_enabled");
        if (user.TwoFactorSecret is null) return ApiErrors.Invalid(http, "two_factor", "errors.two_factor.not_set_up");
        if (!twoFactor.VerifyCode(user, JsonRead.Str(data!, "code"))) return ApiErrors.Invalid(http, "code", "errors.two_factor.invalid_code");
        var codes = await twoFactor.EnableAsync(user, http.RequestAborted);
        await audit.RecordAsync("two_factor_enabled", user.Id, user.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["enabled"] = true, ["recovery_codes"] = new JsonArray([.. codes.Select(c => (JsonNode?)c)]) },
        });
    }

    private static async Task<IResult> DisableAsync(HttpContext http, AmparoDbContext db, TwoFactor twoFactor, Audit.AuditTrail audit)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var user = await MeAsync(http, db);
        if (user is null || !user.TwoFactorEnabled) return ApiErrors.Invalid(http, "two_factor", "errors.two_factor.not_enabled");
        // The role's requirement holds while another factor (a security key) stays in force.
        if (CurrentUser.From(http).RoleRequiresTwoFactor && !user.HasSecurityKey) return ApiErrors.Forbidden(http);
        if (await twoFactor.CheckAsync(user, JsonRead.Str(data!, "code"), JsonRead.Str(data!, "recovery_code"), http.RequestAborted) != SecondFactor.Accepted)
            return ApiErrors.Invalid(http, "code", "errors.two_factor.invalid_code");
        await twoFactor.DisableAsync(user, http.RequestAborted);
        await audit.RecordAsync("two_factor_disabled", user.Id, user.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["enabled"] = false } });
    }
}

/// <summary>
/// A user whose role requires a second factor but who has none yet may, once signed in, only set it up
/// (and read the public bootstrap, or log out): every other API call is 403 until then.
/// </summary>
internal sealed class TwoFactorEnrollmentGate(RequestDelegate next)
{
    private static readonly string[] Allowed = ["/api/v2/two_factor", "/api/v2/tokens", "/api/v2/primero"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Items[CurrentUser.ItemKey] is CurrentUser { MustEnrollTwoFactor: true }
            && context.Request.Path.StartsWithSegments("/api")
            && !Allowed.Any(a => context.Request.Path.StartsWithSegments(a)))
            return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "Two-factor authentication must be set up first.");
        return next(context);
    }
}
