using Amparo.Server.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Amparo.Server.Features.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddAmparoAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        if (configuration.GetValue<int?>("Auth:PasswordHashIterations") is { } iterations)
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton<AttemptThrottle>();
        services.AddScoped<LoginService>();
        services.AddScoped<SessionStore>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<SecurityKeys>();
        services.AddSingleton<ExternalTokenValidator>();
        services.AddHttpClient("jwks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddAuthentication(AmparoAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AmparoAuthenticationHandler>(AmparoAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
