using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Mail;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.PasswordReset;

/// <summary>
/// Password reset by e-mail, as Primero: a request always answers the same (so it reveals no accounts), an
/// administrator may send the link for a user they manage, and the link's token (24 hours, once) sets a new
/// password, ends every session of the user and signs them in.
/// </summary>
internal static class PasswordResetEndpoints
{
    private const string Submitted = "user.password_reset.request_submitted";

    public static IEndpointRouteBuilder MapPasswordResetEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users/password-reset-request", RequestAsync).AllowAnonymous().WithTags("Users");
        api.MapPost("/users/{id:int}/password-reset-request", AdminRequestAsync).WithTags("Users")
            .PermissionDecidedByHandler("user:write within the caller's administrative scope over that user");
        api.MapPost("/users/password-reset", ResetAsync).AllowAnonymous().WithTags("Users");
        return api;
    }

    private static IResult SubmittedResult() => Results.Json(new JsonObject { ["data"] = new JsonObject { ["message"] = Submitted } });

    private static async Task<IResult> RequestAsync(HttpContext http, AttemptThrottle throttle, TenantContext tenant, PasswordResetRequests requests)
    {
        var body = await RequestBody.ReadWrappedAsync(http, "user");
        var email = JsonRead.Str(body!, "email")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email)) return SubmittedResult();
        if (throttle.Refusal(http, $"reset:{tenant.TenantId:N}:{email}") is { } tooMany) return tooMany;
        // Nobody is looked up before the answer: known and unknown addresses take the same path to it.
        await requests.StoreAsync(tenant.TenantId, email, http.RequestAborted);
        return SubmittedResult();
    }

    private static async Task<IResult> AdminRequestAsync(HttpContext http, AmparoDbContext db, UserAdminScope scope, Mailer mailer, TimeProvider clock, int id)
    {
        var actor = CurrentUser.From(http);
        if (id != actor.Id && !actor.Can("user", "write")) return ApiErrors.Forbidden(http);
        var user = await (await scope.VisibleAsync(actor, http.RequestAborted)).FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null) return ApiErrors.NotFound(http, $"Couldn't find User with 'id'={id}");
        var body = await RequestBody.ReadWrappedAsync(http, "user");
        if (JsonRead.Bool(body!, "password_reset") != true) return Results.NoContent();
        if (user.Email is null || user.IdentityProviderUniqueId is not null) return ApiErrors.Invalid(http, "email", "user.password_reset.errors.email");
        if (!await PasswordResetLinks.SendAsync(db, mailer, clock, user, http.RequestAborted)) return ApiErrors.Error(http, 503, "Mail could not be sent");
        return SubmittedResult();
    }

    private static async Task<IResult> ResetAsync(HttpContext http, AmparoDbContext db, AttemptThrottle throttle, SessionStore sessions,
        IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock, Audit.AuditTrail audit)
    {
        if (throttle.Refusal(http, AttemptThrottle.GlobalResetKey) is { } tooMany) return tooMany;
        var body = await RequestBody.ReadWrappedAsync(http, "user");
        var token = JsonRead.Str(body!, "reset_password_token") ?? "";
        var password = JsonRead.Str(body!, "password") ?? "";
        var now = clock.GetUtcNow();
        var hash = PasswordResetLinks.Hash(token);
        var stored = await db.Set<PasswordResetToken>().FirstOrDefaultAsync(t => t.TokenHash == hash, http.RequestAborted);
        if (stored is null || stored.UsedAt is not null || stored.ExpiresAt <= now)
            return ApiErrors.Invalid(http, "reset_password_token", "user.password_reset.errors.reset_password_token");
        if (password.Length < options.Value.PasswordMinLength || password.Length > options.Value.PasswordMaxLength)
            return ApiErrors.Invalid(http, "password", "user.password_reset.errors.password");
        if (JsonRead.Str(body!, "password_confirmation") != password)
            return ApiErrors.Invalid(http, "password_confirmation", "user.password_reset.errors.password_confirmation");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == stored.UserId && !u.Disabled, http.RequestAborted);
        if (user is null) return ApiErrors.Invalid(http, "reset_password_token", "user.password_reset.errors.reset_password_token");

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        user.PasswordHash = hasher.HashPassword(user, password);
        // Choosing a password through the e-mailed link is what verifies a self-registered account.
        user.Unverified = false;
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        stored.UsedAt = now;
        await db.Set<PasswordResetToken>().Where(t => t.UserId == user.Id && t.UsedAt == null && t.Id != stored.Id).ExecuteDeleteAsync(http.RequestAborted);
        await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        await audit.RecordAsync("password_reset", user.Id, user.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);

        var (session, sessionToken) = await sessions.StartAsync(user, http.RequestAborted);
        await SessionIssuer.IssueAsync(http, sessions, session, sessionToken);
        return Results.Json(new JsonObject { ["message"] = "user.password_reset.success", ["id"] = user.Id, ["user_name"] = user.UserName });
    }

}
