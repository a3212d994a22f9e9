using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// The tenant's audit: events are written to the outbox in the caller's unit of work (never waiting for anything but
/// their own insert), then appended to the tenant's hash chain by <see cref="ChainPendingAsync"/>. Only chaining takes
/// the per-tenant gate, and it is never called while a transaction is open, so a writer holding the database's write
/// lock can no longer wait for a gate whose holder waits for that lock (the SQLite deadlock of issue 13).
/// </summary>
internal sealed class AuditTrail(AmparoDbContext db, TenantContext tenant, TimeProvider clock, AuditSignal signal)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int ChainBatch = 500;

    // One chainer at a time per tenant in this process; the unique (tenant, sequence) index stops forks across processes.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    /// <summary>Writes a ready event, in the caller's transaction when there is one (saving what the context tracks).</summary>
    public async Task RecordAsync(string action, int? actorId, string? actorName, string? targetType = null, string? targetId = null,
        JsonObject? detail = null, CancellationToken ct = default)
    {
        db.Add(Entry(action, actorId, actorName, targetType, targetId, detail, ready: true));
        await db.SaveChangesAsync(ct);
        signal.Nudge();
    }

    /// <summary>An outbox row for the current tenant, to be saved by the caller's unit of work.</summary>
    public AuditOutboxEntry Entry(string action, int? actorId, string? actorName, string? targetType, string? targetId, JsonObject? detail, bool ready) =>
        AuditOutboxEntry.Of(tenant.TenantId, clock.GetUtcNow(), actorId, actorName, action, targetType, targetId, detail ?? [], ready);

    /// <summary>
    /// Appends the current tenant's ready outbox rows (and rows abandoned by a dead process) to its chain, in order,
    /// each batch in one transaction with the removal of its outbox rows. Call it with no transaction open.
    /// </summary>
    public async Task ChainPendingAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Chaining inside a transaction could wait for the lock that transaction holds.");
        var gate = Gates.GetOrAdd(tenant.TenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ;)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    // A batch is short and is never cut off halfway (a shutdown or a caller that went away waits for
                    // its commit): a cancelled transaction only leaves an error in the log and the rows to do again.
                    if (await ChainBatchAsync(CancellationToken.None) < ChainBatch) return;
                }
                catch (DbUpdateException) when (attempt++ < 5)
                {
                    // Another process chained the same tenant at the same moment: read the new head and go again.
                    db.ChangeTracker.Clear();
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> ChainBatchAsync(CancellationToken ct)
    {
        var abandoned = clock.GetUtcNow() - AuditChainer.Abandoned;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The head first, then the rows: rows another process chained after this read make the insert collide, never fork.
        var last = await db.Set<AuditEvent>().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var pending = await db.Set<AuditOutboxEntry>().Where(o => o.Ready || o.OccurredAt < abandoned)
            .OrderBy(o => o.Id).Take(ChainBatch).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? Genesis;
        foreach (var row in pending)
        {
            var entry = new AuditEvent
            {
                Sequence = ++sequence,
                // Whole milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
                OccurredAt = TruncateToMilliseconds(row.OccurredAt),
                ActorUserId = row.ActorUserId,
                ActorUserName = row.ActorUserName,
                Action = row.Action,
                TargetType = row.TargetType,
                TargetId = row.TargetId,
                Detail = row.Detail,
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = HashOf(tenant.TenantId, entry);
            previous = entry.Hash;
            db.Add(entry);
        }
        db.RemoveRange(pending);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
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
        long expected = 0;
        await foreach (var e in db.Set<AuditEvent>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            // A missing sequence number is a removed event, even when the rest of the chain was re-hashed around it.
            if (e.Sequence != ++expected || e.PreviousHash != previous || HashOf(tenant.TenantId, e) != e.Hash) return e.Sequence;
            previous = e.Hash;
        }
        return null;
    }
}
