using System.Security.Cryptography;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

/// <summary>Creates, finds and ends server-side sessions.</summary>
internal sealed class SessionStore(AmparoDbContext db, IOptions<AuthOptions> options, TimeProvider clock, TenantStamps stamps)
{
    public const string CookieName = "_app_session";

    public async Task<(Session Session, string Token)> StartAsync(User user, CancellationToken ct)
    {
        if (options.Value.SingleSessionPerUser)
            await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(ct);
        var now = clock.GetUtcNow();
        var token = NewToken();
        var session = new Session
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = Hash(token),
            CsrfToken = NewToken(),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddMinutes(options.Value.SessionLifetimeMinutes),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return (session, token);
    }

    /// <summary>The live session for a cookie token, touching its idle timer; expired sessions are removed.</summary>
    public async Task<Session?> FindAsync(string token, CancellationToken ct)
    {
        var hash = Hash(token);
        // The tenant's stamps come with the session, in the same statement: the signed-in user and the configuration
        // are then served from caches when unchanged (ADR 0025).
        var found = await db.Sessions.Where(s => s.TokenHash == hash)
            .Select(s => new
            {
                Session = s,
                Stamp = db.Set<TenantStamp>().Where(t => t.TenantId == s.TenantId).Select(t => new { t.Access, t.Configuration }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var session = found.Session;
        if (found.Stamp is { } stamp) stamps.Remember((stamp.Access, stamp.Configuration));
        var now = clock.GetUtcNow();
        if (session.ExpiresAt <= now || session.LastSeenAt.AddMinutes(options.Value.IdleTimeoutMinutes) <= now)
        {
            db.Sessions.Remove(session);
            await db.SaveChangesAsync(ct);
            return null;
        }
        // Touch at most once a minute: an idle timer needs no per-request write.
        if (now - session.LastSeenAt > TimeSpan.FromMinutes(1))
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(ct);
        }
        return session;
    }

    public Task EndAsync(Guid sessionId, CancellationToken ct) =>
        db.Sessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Platform.Security.TokenHash.Of(token);
}
