namespace Amparo.Server.Features.Auth;

/// <summary>Starts a browser session once a user has proven who they are (password, or a password reset link).</summary>
internal static class SessionIssuer
{
    /// <summary>
    /// Hands a new session to the browser: the HttpOnly cookie, and (through the CSRF middleware) the session's
    /// CSRF token. The browser's previous session, if any, is over.
    /// </summary>
    public static async Task IssueAsync(HttpContext http, SessionStore sessions, Session session, string token)
    {
        if (http.Items[AmparoAuthenticationHandler.SessionItem] is Session previous && previous.Id != session.Id)
            await sessions.EndAsync(previous.Id, http.RequestAborted);
        http.Items[AmparoAuthenticationHandler.SessionItem] = session;
        http.Response.Cookies.Append(SessionStore.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = session.ExpiresAt - session.CreatedAt,
        });
    }
}
