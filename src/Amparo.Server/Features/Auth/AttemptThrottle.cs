using System.Threading.RateLimiting;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// At most N attempts a minute per key, as Primero's Rack::Attack rules: 429 beyond, in the envelope with Retry-After.
/// Logins are keyed by (tenant, user name); password-reset requests by e-mail, resets globally, each in its own namespace.
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

    public IResult? Refusal(HttpContext http, Guid tenantId, string normalizedUserName) => Refusal(http, $"login:{tenantId:N}:{normalizedUserName}");

    /// <summary>Spends one attempt of <paramref name="key"/>: null when allowed, else the 429 to answer (envelope, Retry-After).</summary>
    public IResult? Refusal(HttpContext http, string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return Platform.Api.ApiErrors.TooManyRequests(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _limiter.Dispose();
}
