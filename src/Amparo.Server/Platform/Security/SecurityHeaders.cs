namespace Amparo.Server.Platform.Security;

/// <summary>
/// Headers on every response. The CSP allows exactly what Blazor WebAssembly and MudBlazor need:
/// our own scripts plus WebAssembly compilation (<c>wasm-unsafe-eval</c>), and inline style attributes.
/// No inline scripts anywhere, so none are allowed. Set before anything else runs and again as the response starts:
/// the exception handler clears headers before writing a 500, and framework answers (404, 405, 413) are written
/// without passing through an endpoint, yet every one of them must carry the headers.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        Apply(context);
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>Adds what is missing, so a header an endpoint chose (a file's Cache-Control) is kept.</summary>
    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.TryAdd("Content-Security-Policy", Csp);
        headers.TryAdd("X-Content-Type-Options", "nosniff");
        headers.TryAdd("X-Frame-Options", "DENY");
        headers.TryAdd("Referrer-Policy", "no-referrer");
        headers.TryAdd("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
        headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
        if (context.Request.IsHttps) headers.TryAdd("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        if (context.Request.Path.StartsWithSegments("/api")) headers.TryAdd("Cache-Control", "no-store");
    }
}
