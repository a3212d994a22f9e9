using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

/// <summary><c>POST /api/v2/tokens</c> (log in) and <c>DELETE /api/v2/tokens</c> (log out), as Primero's cookie sessions.</summary>
internal static class TokenEndpoints
{
    private const string InvalidLogin = "Invalid User name or password.";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/tokens", LoginAsync).AllowAnonymous().WithTags("Auth").WithSummary("Log in; starts a cookie session.")
            .Accepts<SignInRequest>("application/json").Produces<SignInResponse>().Produces<SignInRefusal>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/tokens", LogoutAsync).AllowAnonymous().WithTags("Auth").WithSummary("Log out.");
        return api;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, LoginService logins, SessionStore sessions,
        AttemptThrottle throttle, TenantContext tenant, Amparo.Server.Platform.Data.AmparoDbContext db, Audit.AuditTrail audit, TwoFactor twoFactor, ILoggerFactory loggers)
    {
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return await BearerLoginAsync(http, db);
        if (http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.UseIdentityProvider)
            return Unauthorized(http, "Password sign-in is disabled: use the identity provider.");

        var user = await RequestBody.ReadWrappedAsync(http, "user", WireJson.Default.SignInCredentials);
        var (userName, password) = (user.UserName, user.Password);
        if (string.IsNullOrWhiteSpace(userName) || password is null)
            return Refused(new SignInRefusal(InvalidLogin));

        if (throttle.Refusal(http, tenant.TenantId, User.Normalize(userName)) is { } tooMany) return tooMany;

        var log = loggers.CreateLogger("Amparo.Auth");
        var (outcome, account) = await logins.CheckAsync(userName, password, SignInGuard.SourceOf(http), http.RequestAborted);
        switch (outcome)
        {
            // A locked account answers exactly as a wrong password: anything else tells a guesser the name exists.
            case LoginOutcome.Locked:
                log.LogWarning("Login refused: account locked");
                return Unauthorized(http, InvalidLogin);
            case LoginOutcome.Invalid:
                log.LogInformation("Login failed");
                return Unauthorized(http, InvalidLogin);
        }

        if (account!.HasSecondFactor)
        {
            var keys = http.RequestServices.GetRequiredService<SecurityKeys>();
            var second = account.HasSecurityKey && user.Webauthn is { } assertion
                ? await keys.CheckAssertionAsync(account, assertion, http.Request, http.RequestAborted)
                : await twoFactor.CheckAsync(account, user.Code, user.RecoveryCode, http.RequestAborted);
            if (second != SecondFactor.Accepted)
            {
                if (second == SecondFactor.Invalid)
                {
                    await audit.RecordAsync("two_factor_failed", account.Id, account.UserName, ct: http.RequestAborted);
                    return Unauthorized(http, "Invalid two-factor code.");
                }
                // The password was right: say which factors this account has, with a fresh WebAuthn challenge if it has keys.
                var methods = new List<string>();
                if (account.HasSecurityKey) methods.Add("webauthn");
                if (account.TwoFactorEnabled) methods.Add("totp");
                methods.Add("recovery_code");
                var options = account.HasSecurityKey ? await keys.BeginAssertionAsync(account, http.Request, http.RequestAborted) : null;
                return Unauthorized(http, new SignInRefusal("Two-factor code required.", TwoFactorRequired: true, methods, options));
            }
        }

        var (session, token) = await sessions.StartAsync(account!, http.RequestAborted);
        await SessionIssuer.IssueAsync(http, sessions, session, token);
        log.LogInformation("Login succeeded for user {UserId}", account!.Id);
        var current = await CurrentUserLoader.LoadAsync(db, account, session.Id, http.RequestAborted);
        await audit.RecordAsync("login", account.Id, account.UserName, ct: http.RequestAborted);
        return Results.Json(new SignInResponse(account.Id, account.UserName, current.Scope), WireJson.Default.SignInResponse);
    }

    /// <summary>IdP mode: the bearer token was validated by the authentication handler; echo it as Primero does.</summary>
    private static async Task<IResult> BearerLoginAsync(HttpContext http, Amparo.Server.Platform.Data.AmparoDbContext db)
    {
        if (http.Items[AmparoAuthenticationHandler.ExternalIdentityItem] is not ExternalIdentity)
            return ApiErrors.Error(http, 401, (http.Items[AmparoAuthenticationHandler.FailureItem] as string) ?? "Invalid token.");
        var current = CurrentUser.From(http);
        var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == current.Id, http.RequestAborted);
        return Results.Json(new SignInResponse(account.Id, account.UserName, current.Scope, http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim()),
            WireJson.Default.SignInResponse);
    }

    private static IResult Unauthorized(HttpContext http, string message) => Unauthorized(http, new SignInRefusal(message));

    private static IResult Unauthorized(HttpContext http, SignInRefusal refusal)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"Primero\" charset=\"UTF8\"";
        return Refused(refusal);
    }

    private static IResult Refused(SignInRefusal refusal) => Results.Json(refusal, WireJson.Default.SignInRefusal, statusCode: 401);

    private static async Task<IResult> LogoutAsync(HttpContext http, SessionStore sessions, Audit.AuditTrail audit)
    {
        if (http.Items[AmparoAuthenticationHandler.SessionItem] is Session session)
        {
            await sessions.EndAsync(session.Id, http.RequestAborted);
            var user = CurrentUser.From(http);
            await audit.RecordAsync("logout", user.Id, user.UserName, ct: http.RequestAborted);
        }
        if (http.Items[AmparoAuthenticationHandler.ExternalIdentityItem] is ExternalIdentity external)
        {
            // A logged-out bearer token is refused until it would have expired anyway.
            var db = http.RequestServices.GetRequiredService<Amparo.Server.Platform.Data.AmparoDbContext>();
            db.Set<RevokedToken>().Add(new RevokedToken { TokenId = external.TokenId, ExpiresAt = external.ExpiresAt });
            await db.SaveChangesAsync(http.RequestAborted);
            var user = CurrentUser.From(http);
            await audit.RecordAsync("logout", user.Id, user.UserName, ct: http.RequestAborted);
        }
        http.Items.Remove(AmparoAuthenticationHandler.SessionItem);
        http.Items[CsrfMiddleware.LoggedOutItem] = true;
        http.Response.Cookies.Delete(SessionStore.CookieName, new CookieOptions { Path = "/" });
        return Results.Json(new JsonObject());
    }
}
