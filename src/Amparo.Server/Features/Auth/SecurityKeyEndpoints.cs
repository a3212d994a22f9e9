using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// The signed-in user's WebAuthn security keys: list, registration (options, then the authenticator's answer) and
/// removal. The first second factor a user gets comes with ten recovery codes, shown once. Under
/// <c>/two_factor</c> so that a user whose role requires a second factor can enrol a key before anything else.
/// </summary>
internal static class SecurityKeyEndpoints
{
    public static IEndpointRouteBuilder MapSecurityKeyEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/two_factor/security_keys").WithTags("Auth")
            .PermissionDecidedByHandler("the caller's own security keys only");
        group.MapGet("", ListAsync);
        group.MapPost("/options", OptionsAsync);
        group.MapPost("", RegisterAsync);
        group.MapDelete("/{id:int}", RemoveAsync);
        return api;
    }

    private static JsonObject Json(WebAuthnCredential k) => new()
    {
        ["id"] = k.Id,
        ["name"] = k.Name,
        ["created_at"] = ApiTime.Format(k.CreatedAt),
        ["last_used_at"] = ApiTime.Format(k.LastUsedAt),
    };

    private static async Task<IResult> ListAsync(HttpContext http, SecurityKeys keys)
    {
        var list = await keys.Of(CurrentUser.From(http).Id).AsNoTracking().OrderBy(k => k.Id).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. list.Select(k => (JsonNode)Json(k))]) });
    }

    private static async Task<IResult> OptionsAsync(HttpContext http, AmparoDbContext db, SecurityKeys keys)
    {
        var user = await TwoFactorEndpoints.MeAsync(http, db);
        if (user is null) return ApiErrors.Forbidden(http);
        return Results.Json(new JsonObject { ["data"] = await keys.BeginRegistrationAsync(user, http.Request, http.RequestAborted) });
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, AmparoDbContext db, SecurityKeys keys, TwoFactor twoFactor, Audit.AuditTrail audit)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var name = JsonRead.Str(data!, "name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100) return ApiErrors.Invalid(http, "name", "errors.models.security_key.name_present");
        if (data!["credential"] is not JsonObject credential) return ApiErrors.Invalid(http, "credential", "errors.models.security_key.credential_present");
        var user = await TwoFactorEndpoints.MeAsync(http, db);
        if (user is null) return ApiErrors.Forbidden(http);
        var hadSecondFactor = user.HasSecondFactor;
        var key = await keys.CompleteRegistrationAsync(user, name, credential, http.Request, http.RequestAborted);
        if (key is null) return ApiErrors.Invalid(http, "credential", "errors.two_factor.security_key_not_verified");
        await audit.RecordAsync("security_key_added", user.Id, user.UserName, "user", user.Id.ToString(CultureInfo.InvariantCulture), ct: http.RequestAborted);
        var result = Json(key);
        if (!hadSecondFactor)
        {
            var codes = await twoFactor.IssueRecoveryCodesAsync(user, http.RequestAborted);
            result["recovery_codes"] = new JsonArray([.. codes.Select(c => (JsonNode?)c)]);
        }
        return Results.Json(new JsonObject { ["data"] = result });
    }

    private static async Task<IResult> RemoveAsync(int id, HttpContext http, AmparoDbContext db, SecurityKeys keys, TwoFactor twoFactor, Audit.AuditTrail audit)
    {
        var user = await TwoFactorEndpoints.MeAsync(http, db);
        if (user is null) return ApiErrors.Forbidden(http);
        var others = await keys.Of(user.Id).CountAsync(k => k.Id != id, http.RequestAborted);
        if (CurrentUser.From(http).RoleRequiresTwoFactor && others == 0 && !user.TwoFactorEnabled) return ApiErrors.Forbidden(http);
        if (!await keys.RemoveAsync(user, id, http.RequestAborted)) return ApiErrors.NotFound(http, $"security key {id}");
        await twoFactor.ForgetRecoveryCodesUnlessProtectedAsync(user, http.RequestAborted);
        await audit.RecordAsync("security_key_removed", user.Id, user.UserName, "user", user.Id.ToString(CultureInfo.InvariantCulture), ct: http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = id } });
    }
}
