namespace Amparo.Server.Features.Auth;

/// <summary>Session and login policy (configuration section <c>Auth</c>). Defaults follow Primero.</summary>
internal sealed class AuthOptions
{
    public int SessionLifetimeMinutes { get; set; } = 60;
    public int IdleTimeoutMinutes { get; set; } = 60;
    /// <summary>Logging in ends the user's other sessions (Primero: one active session per user).</summary>
    public bool SingleSessionPerUser { get; set; } = true;
    public bool CsrfProtection { get; set; } = true;
    /// <summary>Failures from one source that lock an account for that source (Primero's six).</summary>
    public int LockoutAttempts { get; set; } = 6;
    /// <summary>
    /// Failures from all sources together (counted until a success) that lock an account for everyone: high enough that
    /// one address, held to <see cref="FailedSignInsPerSourcePerMinute"/>, locks no one else out on its own.
    /// </summary>
    public int AccountLockoutAttempts { get; set; } = 30;
    /// <summary>Failed sign-ins one source may make in a minute, over all names and doors; 429 beyond.</summary>
    public int FailedSignInsPerSourcePerMinute { get; set; } = 10;
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
