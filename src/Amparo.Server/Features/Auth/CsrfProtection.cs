using System.Security.Cryptography;
using System.Text;
using Amparo.Server.Platform.Api;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// Primero's CSRF scheme for cookie sessions: every API response sets a readable <c>CSRF-TOKEN</c>
/// cookie and every write must echo it in <c>X-CSRF-Token</c>. A signed-in session's token is kept
/// server-side with the session; before login the cookie itself is the reference (double submit),
/// which together with SameSite cookies stops cross-site login forgery. Basic auth and bearer tokens are exempt
/// (a browser never attaches them on its own).
/// </summary>
internal sealed class CsrfMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
{
    public const string CookieName = "CSRF-TOKEN";
    public const string HeaderName = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        var isApi = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health/server");
        if (!isApi) { await next(context); return; }

        var session = context.Items[AmparoAuthenticationHandler.SessionItem] as Session;
        var expected = session?.CsrfToken ?? context.Request.Cookies[CookieName];

        // A request that carries an Authorization header is judged by it alone (the cookie is not consulted), and
        // a browser never adds that header by itself: only cookie-borne requests need the CSRF check.
        var explicitCredentials = context.Request.Headers.Authorization.Count > 0;
        if (options.Value.CsrfProtection && !explicitCredentials && !IsSafe(context.Request.Method))
        {
            var sent = context.Request.Headers[HeaderName].ToString();
            if (string.IsNullOrEmpty(expected) || !FixedTimeEquals(sent, expected))
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "Can't verify CSRF token authenticity.");
                return;
            }
        }

        context.Response.OnStarting(() =>
        {
            // A login in this request hands out its new session's token; a logout a fresh anonymous one.
            var token = context.Items[AmparoAuthenticationHandler.SessionItem] is Session current
                ? current.CsrfToken
                : context.Items.ContainsKey(LoggedOutItem) ? SessionStore.NewToken() : expected ?? SessionStore.NewToken();
            context.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = false,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
            return Task.CompletedTask;
        });
        await next(context);
    }

    public const string LoggedOutItem = "amparo.logged-out";

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
