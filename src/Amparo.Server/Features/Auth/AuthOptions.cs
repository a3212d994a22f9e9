namespace Amparo.Server.Features.Auth;

/// <summary>Session and login policy (configuration section <c>Auth</c>). Defaults follow Primero.</summary>
internal sealed class AuthOptions
{
    public int SessionLifetimeMinutes { get; set; } = 60;
    public int IdleTimeoutMinutes { get; set; } = 60;
    /// <summary>Logging in ends the user's other sessions (Primero: one active session per user).</summary>
    public bool SingleSessionPerUser { get; set; } = true;
    public bool CsrfProtection { get; set; } = true;
    public int LockoutAttempts { get; set; } = 6;
    public int LockoutMinutes { get; set; } = 30;
    public int LoginAttemptsPerMinute { get; set; } = 6;
    /// <summary>Password length bounds (Primero: 8–128). Raise the minimum for a stronger policy.</summary>
    public int PasswordMinLength { get; set; } = 8;
    public int PasswordMaxLength { get; set; } = 128;
    /// <summary>
    /// PBKDF2 iterations of new password hashes; unset keeps ASP.NET Core Identity's default (100,000). The test suite
    /// lowers it (every Basic-auth request verifies a hash); never lower it in production. A stored hash made with
    /// fewer iterations than configured is re-hashed when its user next signs in.
    /// </summary>
    public int? PasswordHashIterations { get; set; }
    /// <summary>Sign-in through external identity providers only: password logins are refused (Primero's IdP mode).</summary>
    public bool UseIdentityProvider { get; set; }
    public List<IdentityProviderOptions> IdentityProviders { get; set; } = [];
}
