using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>An event waiting to join its tenant's chain.</summary>
internal sealed record PendingAudit(Guid TenantId, DateTimeOffset OccurredAt, int? ActorUserId, string? ActorUserName, string Action,
    string? TargetType, string? TargetId, JsonObject Detail);

/// <summary>Appends events to the tenant's hash chain. Writes at once, in the caller's transaction when there is one.</summary>
internal sealed class AuditTrail(AmparoDbContext db, TenantContext tenant, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // One writer at a time per tenant in this process; the unique (tenant, sequence) index stops forks across processes.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Locks = new();

    public Task RecordAsync(string action, int? actorId, string? actorName, string? targetType = null, string? targetId = null,
        JsonObject? detail = null, CancellationToken ct = default) =>
        AppendAsync([new PendingAudit(tenant.TenantId, clock.GetUtcNow(), actorId, actorName, action, targetType, targetId, detail ?? [])], ct);

    /// <summary>Appends events, in order, to the current tenant's chain: one round trip for a whole batch.</summary>
    public async Task AppendAsync(IReadOnlyList<PendingAudit> events, CancellationToken ct = default)
    {
        if (events.Count == 0) return;
        var gate = Locks.GetOrAdd(tenant.TenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var last = await db.Set<AuditEvent>().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
                var sequence = last?.Sequence ?? 0;
                var previous = last?.Hash ?? Genesis;
                var entries = new List<AuditEvent>();
                foreach (var pending in events)
                {
                    var entry = new AuditEvent
                    {
                        Sequence = ++sequence,
                        // Whole milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
                        OccurredAt = TruncateToMilliseconds(pending.OccurredAt),
                        ActorUserId = pending.ActorUserId,
                        ActorUserName = pending.ActorUserName,
                        Action = pending.Action,
                        TargetType = pending.TargetType,
                        TargetId = pending.TargetId,
                        Detail = pending.Detail.ToJsonString(),
                        PreviousHash = previous,
                        Hash = "",
                    };
                    entry.Hash = HashOf(tenant.TenantId, entry);
                    previous = entry.Hash;
                    entries.Add(entry);
                }
                db.AddRange(entries);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    foreach (var entry in entries) db.Entry(entry).State = EntityState.Detached;
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
