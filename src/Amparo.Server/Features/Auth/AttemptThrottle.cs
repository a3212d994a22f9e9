using System.Threading.RateLimiting;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// At most N attempts a minute per key, as Primero's Rack::Attack rules: 429 beyond. Logins are keyed by
/// (tenant, user name); password-reset requests by e-mail, resets globally, each in its own namespace.
/// </summary>
internal sealed class AttemptThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AttemptThrottle(Microsoft.Extensions.Options.IOptions<AuthOptions> options)
    {
        var permits = options.Value.LoginAttemptsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.StartsWith(GlobalResetKey, StringComparison.Ordinal) ? 10 : permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    public const string GlobalResetKey = "reset-global";

    public bool TryAcquire(Guid tenantId, string normalizedUserName) => TryAcquire($"login:{tenantId:N}:{normalizedUserName}");

    public bool TryAcquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
