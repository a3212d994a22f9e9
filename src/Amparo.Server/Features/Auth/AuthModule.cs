using Amparo.Server.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Amparo.Server.Features.Auth;

/// <summary>Sign-in and sessions: cookie sessions, Basic and bearer auth, lockout, throttle, second factors.</summary>
internal static class AuthModule
{
    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
        // Production keeps Identity's own count; tests set a small one (Auth:PasswordHashIterations).
        if (builder.Configuration.GetValue<int?>("Auth:PasswordHashIterations") is { } iterations)
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton<AttemptThrottle>();
        services.AddSingleton<SignInGuard>();
        services.AddScoped<LoginService>();
        services.AddScoped<SessionStore>();
        services.AddSingleton<CurrentUserCache>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<SecurityKeys>();
        services.AddSingleton<ExternalTokenValidator>();
        services.AddHttpClient("jwks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddAuthentication(AmparoAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AmparoAuthenticationHandler>(AmparoAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Who is calling and what they may do, after routing and tenant resolution (the session is the tenant's):
    /// the CSRF check needs the session, and the two-factor gate the user and the endpoint.
    /// </summary>
    public static IApplicationBuilder UseAuth(this IApplicationBuilder app)
    {
        // Before authentication: a source over its budget is refused before Basic credentials are even checked.
        app.UseMiddleware<SignInGuardMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseMiddleware<TwoFactorEnrollmentGate>();
        return app;
    }

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder api)
    {
        api.MapTokenEndpoints();
        api.MapTwoFactorEndpoints();
        api.MapSecurityKeyEndpoints();
        api.MapIdentityProviderEndpoints();
        return api;
    }
}
