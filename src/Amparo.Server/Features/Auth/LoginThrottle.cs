using System.Threading.RateLimiting;

namespace Amparo.Server.Features.Auth;

/// <summary>At most N login attempts a minute per (tenant, user name), as Primero's Rack::Attack rule: 429 beyond.</summary>
internal sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginThrottle(Microsoft.Extensions.Options.IOptions<AuthOptions> options)
    {
        var permits = options.Value.LoginAttemptsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    public bool TryAcquire(Guid tenantId, string normalizedUserName)
    {
        using var lease = _limiter.AttemptAcquire($"{tenantId:N}:{normalizedUserName}");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
