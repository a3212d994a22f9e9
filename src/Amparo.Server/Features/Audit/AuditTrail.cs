using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>Appends events to the tenant's hash chain. Writes at once, in the caller's transaction when there is one.</summary>
internal sealed class AuditTrail(AmparoDbContext db, TenantContext tenant, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // One writer at a time per tenant in this process; the unique (tenant, sequence) index stops forks across processes.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Locks = new();

    public async Task RecordAsync(string action, int? actorId, string? actorName, string? targetType = null, string? targetId = null,
        JsonObject? detail = null, CancellationToken ct = default)
    {
        var gate = Locks.GetOrAdd(tenant.TenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var last = await db.Set<AuditEvent>().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
                var entry = new AuditEvent
                {
                    Sequence = (last?.Sequence ?? 0) + 1,
                    // Whole milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
                    OccurredAt = TruncateToMilliseconds(clock.GetUtcNow()),
                    ActorUserId = actorId,
                    ActorUserName = actorName,
                    Action = action,
                    TargetType = targetType,
                    TargetId = targetId,
                    Detail = (detail ?? []).ToJsonString(),
                    PreviousHash = last?.Hash ?? Genesis,
                    Hash = "",
                };
                entry.Hash = HashOf(tenant.TenantId, entry);
                db.Add(entry);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    db.Entry(entry).State = EntityState.Detached;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static string HashOf(Guid tenantId, AuditEvent e)
    {
        var content = string.Join('\n',
            tenantId.ToString("N"), e.Sequence.ToString(CultureInfo.InvariantCulture), e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            e.ActorUserId?.ToString(CultureInfo.InvariantCulture) ?? "", e.ActorUserName ?? "", e.Action, e.TargetType ?? "", e.TargetId ?? "",
            e.Detail, e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>Checks the whole chain of the current tenant; returns the first broken sequence number, or null if intact.</summary>
    public async Task<long?> FirstBrokenAsync(CancellationToken ct)
    {
        var previous = Genesis;
        await foreach (var e in db.Set<AuditEvent>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.PreviousHash != previous || HashOf(tenant.TenantId, e) != e.Hash) return e.Sequence;
            previous = e.Hash;
        }
        return null;
    }
}
