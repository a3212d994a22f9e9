using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Amparo.Server.Platform.Api;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// Failed sign-ins counted by where they come from (ADR 0023). A source (a client address; an IPv6 /64, which one
/// subscriber usually holds whole) that failed too often in a minute gets 429 at every sign-in door until the minute
/// is over, whichever names it tries; and the failures of one source on one account lock that account for that source
/// only, so nobody can lock someone else out from their own address. The counts live in memory: they guard, they are
/// not acknowledged work, and a restart only gives an attacker one more minute's budget.
/// </summary>
internal sealed class SignInGuard(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Window> _accounts = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Count;
    }

    /// <summary>The request's source, after forwarded headers from trusted proxies; null when the transport has no address.</summary>
    public static string? SourceOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// How long until the source may try again, or null when it may now. A request without a source address (a Unix
    /// socket without forwarded headers) is not limited here: all such requests would share one budget, and one
    /// attacker would spend everybody's.
    /// </summary>
    public TimeSpan? SourceBlockedFor(string? source)
    {
        if (source is null || !_sources.TryGetValue(source, out var window)) return null;
        var now = clock.GetUtcNow();
        lock (window)
        {
            var ends = window.Start.AddMinutes(1);
            return now < ends && window.Count >= options.Value.FailedSignInsPerSourcePerMinute ? ends - now : null;
        }
    }

    public void RecordSourceFailure(string? source)
    {
        if (source is null) return;
        Count(_sources, source, TimeSpan.FromMinutes(1));
    }

    /// <summary>True while this source has failed on this account <see cref="AuthOptions.LockoutAttempts"/> times in the lockout period.</summary>
    public bool AccountLockedFor(string? source, Guid tenantId, string normalizedUserName)
    {
        if (!_accounts.TryGetValue(AccountKey(source, tenantId, normalizedUserName), out var window)) return false;
        var now = clock.GetUtcNow();
        lock (window) return now < window.Start.AddMinutes(options.Value.LockoutMinutes) && window.Count >= options.Value.LockoutAttempts;
    }

    public void RecordAccountFailure(string? source, Guid tenantId, string normalizedUserName) =>
        Count(_accounts, AccountKey(source, tenantId, normalizedUserName), TimeSpan.FromMinutes(options.Value.LockoutMinutes));

    private static string AccountKey(string? source, Guid tenantId, string userName) => $"{source ?? "-"}|{tenantId:N}|{userName}";

    private void Count(ConcurrentDictionary<string, Window> windows, string key, TimeSpan length)
    {
        var now = clock.GetUtcNow();
        var window = windows.GetOrAdd(key, _ => new Window(now));
        lock (window)
        {
            if (now >= window.Start + length)
            {
                window.Start = now;
                window.Count = 0;
            }
            window.Count++;
        }
        // Many sources, each seen once: forget the windows that are over, so memory stays bounded by recent traffic.
        // At most once a minute, so a flood does not pay for a full sweep on every request.
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (windows.Count > 10_000 && now.UtcTicks >= due
            && Interlocked.CompareExchange(ref _nextSweepTicks, now.AddMinutes(1).UtcTicks, due) == due)
        {
            Sweep(_sources, now, TimeSpan.FromMinutes(1));
            Sweep(_accounts, now, TimeSpan.FromMinutes(options.Value.LockoutMinutes));
        }
    }

    private static void Sweep(ConcurrentDictionary<string, Window> windows, DateTimeOffset now, TimeSpan length)
    {
        foreach (var (key, window) in windows)
            if (now >= window.Start + length) windows.TryRemove(key, out _);
    }
}

/// <summary>
/// Every sign-in door behind one source limit: password sign-in, HTTP Basic auth on any call, password-reset requests and
/// resets, and second-factor codes. A source over its budget is answered 429 (with Retry-After) before any credential is
/// looked at; a refused attempt (401, 422) spends the budget, and so does every reset request, whose answer never says
/// whether it found anyone.
/// </summary>
internal sealed class SignInGuardMiddleware(RequestDelegate next, SignInGuard guard)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var door = DoorOf(context.Request);
        if (door == Door.None)
        {
            await next(context);
            return;
        }
        var source = SignInGuard.SourceOf(context);
        if (guard.SourceBlockedFor(source) is { } wait)
        {
            await ApiErrors.TooManyRequests(context, wait, "Too many failed sign-in attempts; retry later.").ExecuteAsync(context);
            return;
        }
        await next(context);
        var status = context.Response.StatusCode;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status422UnprocessableEntity
            || (door == Door.ResetRequest && status != StatusCodes.Status429TooManyRequests))
            guard.RecordSourceFailure(source);
    }

    private enum Door { None, Credentials, ResetRequest }

    private static Door DoorOf(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return Door.Credentials;
        if (!HttpMethods.IsPost(request.Method)) return Door.None;
        var path = request.Path;
        if (path.Equals("/api/v2/users/password-reset-request", StringComparison.OrdinalIgnoreCase)) return Door.ResetRequest;
        return path.Equals("/api/v2/tokens", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/v2/users/password-reset", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/v2/two_factor", StringComparison.OrdinalIgnoreCase)
            ? Door.Credentials
            : Door.None;
    }
}
