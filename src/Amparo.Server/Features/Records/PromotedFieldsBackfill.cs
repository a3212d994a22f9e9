using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Background;
using Amparo.Server.Platform.Data;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>Wakes the backfill when a configuration may have promoted a field; it also looks every few seconds.</summary>
internal sealed class PromotedFieldsSignal : WakeSignal;

/// <summary>
/// Keeps <c>promoted_fields</c> in step with the configuration (ADR 0026): a field that became promoted gets a row in
/// state <c>backfilling</c> and its answers written to <c>record_values</c> for every existing record, a batch at a time
/// in record id order, resuming after the last batch's cursor after a restart; then it is <c>ready</c> and filters read
/// the side table. Writes maintain the field from the moment the configuration promotes it, so the backfill only has to
/// cover records written before. A field no longer promoted loses its rows. All state is in the database.
/// </summary>
internal sealed class PromotedFieldsBackfill(PromotedFieldsSignal signal, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<PromotedFieldsBackfill> log) : BackgroundService
{
    private const int Batch = 500;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A write whose request read the configuration before the field was promoted does not write its rows, and may
    /// commit after the backfill passed its record. The field is made ready only this long after the backfill began, and
    /// the records written since it began (less the same margin) are rewritten once more first.
    /// </summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another server may have made the same row first, or a database may be restarting: the next pass retries.
                log.LogWarning("Promoting answers failed, retrying: {Error}", e.GetType().Name);
            }
            try { await signal.WaitAsync(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        List<Guid> tenants;
        using (var scope = scopes.CreateScope())
            tenants = await scope.ServiceProvider.GetRequiredService<AmparoDbContext>().Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(ct);
        foreach (var tenant in tenants)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AmparoDbContext>();
            var forms = scope.ServiceProvider.GetRequiredService<FormCatalog>();
            var configuration = await forms.SnapshotAsync(ct);
            foreach (var type in RecordType.All)
                await FollowAsync(db, configuration, type.Name, ct);
        }
    }

    /// <summary>Adds, backfills and drops one record type's promoted fields to match the configuration.</summary>
    private async Task FollowAsync(AmparoDbContext db, ConfigurationSnapshot configuration, string recordType, CancellationToken ct)
    {
        var promoted = PromotedAnswers.Of(configuration, recordType);
        var rows = await db.Set<PromotedField>().Where(p => p.RecordType == recordType).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var added = promoted.Where(f => rows.All(r => r.Field != f)).ToList();
        var dropped = rows.Where(r => !promoted.Contains(r.Field)).ToList();
        if (added.Count > 0 || dropped.Count > 0)
        {
            var total = added.Count > 0 ? await db.Records.LongCountAsync(r => r.RecordType == recordType, ct) : 0;
            foreach (var field in added)
                db.Add(new PromotedField { RecordType = recordType, Field = field, RecordsTotal = total, StartedAt = now });
            foreach (var row in dropped)
            {
                var field = row.Field;
                await db.Set<RecordValue>().Where(v => v.RecordType == recordType && v.Field == field).ExecuteDeleteAsync(ct);
                db.Remove(row);
            }
            // Tracked, so the configuration stamp is renewed with it: every server sees the new state. Not cancelled
            // halfway (see BackfillAsync).
            await db.SaveChangesAsync(CancellationToken.None);
        }
        var pending = rows.Concat(db.ChangeTracker.Entries<PromotedField>().Select(e => e.Entity)).Distinct()
            .Where(r => r.State == PromotedField.Backfilling && promoted.Contains(r.Field)).ToList();
        db.ChangeTracker.Clear();
        foreach (var row in pending) await BackfillAsync(db, row, ct);
    }

    private async Task BackfillAsync(AmparoDbContext db, PromotedField row, CancellationToken ct)
    {
        // Stopping is honoured between batches, never inside one: a transaction cancelled halfway is wasted work and logged
        // as an error at every shutdown (as the audit chainer learned, issue 13). A batch is 500 records.
        var none = CancellationToken.None;
        while (await RewriteAsync(db, row, NextIdsAsync(db, row, none), advance: true, none) == Batch) ct.ThrowIfCancellationRequested();
        ct.ThrowIfCancellationRequested();
        if (clock.GetUtcNow() < row.StartedAt + Grace) return;
        // Records written since the backfill began, by requests that may have read the configuration before it.
        var since = row.StartedAt - Grace;
        var recordType = row.RecordType;
        var recent = await db.Records.Where(r => r.RecordType == recordType && r.UpdatedAt >= since).Select(r => r.Id).ToListAsync(ct);
        foreach (var chunk in recent.Chunk(Batch))
        {
            ct.ThrowIfCancellationRequested();
            await RewriteAsync(db, row, _ => Task.FromResult(chunk.ToList()), advance: false, none);
        }
        db.Attach(row);
        row.State = PromotedField.Ready;
        row.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(none);
        db.ChangeTracker.Clear();
        log.LogInformation("Promoted {RecordType}.{Field}: {Records} records", row.RecordType, row.Field, row.RecordsDone);
    }

    /// <summary>
    /// Rewrites one batch of records' rows of the field in one transaction, holding the records' row locks (PostgreSQL)
    /// or the database's write lock (SQLite) from before it reads their answers, so a concurrent change either committed
    /// first (and its answers are read) or waits and writes its own rows after. Returns the batch's size.
    /// </summary>
    private static async Task<int> RewriteAsync(AmparoDbContext db, PromotedField row, Func<Guid?, Task<List<Guid>>> ids, bool advance, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var recordType = row.RecordType;
        var field = row.Field;
        // The first statement writes: on SQLite it takes the write lock, on PostgreSQL it locks the field's row, so two
        // servers never backfill one field at once.
        await db.Set<PromotedField>().Where(p => p.RecordType == recordType && p.Field == field)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RecordsDone, p => p.RecordsDone), ct);
        var cursor = await db.Set<PromotedField>().Where(p => p.RecordType == recordType && p.Field == field).Select(p => p.Cursor).FirstOrDefaultAsync(ct);
        var batch = await ids(cursor);
        if (batch.Count > 0)
        {
            var records = await db.Records.AsNoTracking().Where(r => batch.Contains(r.Id))
                .Select(r => new { r.Id, r.TenantId, r.RecordType, r.Data }).ToListAsync(ct);
            await db.Set<RecordValue>().Where(v => batch.Contains(v.RecordId) && v.Field == field).ExecuteDeleteAsync(ct);
            string[] fields = [field];
            foreach (var record in records)
                db.AddRange(PromotedAnswers.RowsOf(record.TenantId, record.Id, record.RecordType, JsonNode.Parse(record.Data)!.AsObject(), fields));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (advance)
        {
            var last = batch.Count > 0 ? batch[^1] : cursor;
            var count = batch.Count;
            // Progress bypasses the configuration stamp on purpose: only the change of state concerns readers.
            await db.Set<PromotedField>().Where(p => p.RecordType == recordType && p.Field == field)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Cursor, last).SetProperty(p => p.RecordsDone, p => p.RecordsDone + count), ct);
            row.Cursor = last;
            row.RecordsDone += count;
        }
        await transaction.CommitAsync(ct);
        return batch.Count;
    }

    /// <summary>The next batch of the record type's ids after the cursor, in id order, locked on PostgreSQL until the batch commits.</summary>
    private static Func<Guid?, Task<List<Guid>>> NextIdsAsync(AmparoDbContext db, PromotedField row, CancellationToken ct) => async cursor =>
    {
        var after = cursor ?? Guid.Empty;
        var recordType = row.RecordType;
        // Plain SQL for the lock and the id order (C# has no Guid comparison to translate). SQLite keeps ids as upper-case
        // text, which the raw parameters must match.
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        object tenant = postgres ? db.CurrentTenantId : db.CurrentTenantId.ToString().ToUpperInvariant();
        object from = postgres ? after : after.ToString().ToUpperInvariant();
        var query = postgres
            ? db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM records WHERE tenant_id = {tenant} AND record_type = {recordType} AND id > {from} ORDER BY id LIMIT {Batch} FOR UPDATE")
            : db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM records WHERE tenant_id = {tenant} AND record_type = {recordType} AND id > {from} ORDER BY id LIMIT {Batch}");
        return await query.ToListAsync(ct);
    };
}

/// <summary>The backfill's progress, for administrators and the form builder (ADR 0026).</summary>
internal static class PromotedFieldEndpoints
{
    public static IEndpointRouteBuilder MapPromotedFieldEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/promoted_fields", ListAsync).WithTags("Forms")
            .WithSummary("Per record type, the answers kept in typed storage for list filters and sorts, and each one's backfill progress.")
            .RequirePermission("metadata", "manage");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var rows = await db.Set<PromotedField>().AsNoTracking().OrderBy(p => p.RecordType).ThenBy(p => p.Field).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonArray([.. rows.Select(p => (JsonNode)new JsonObject
            {
                ["record_type"] = p.RecordType,
                ["field"] = p.Field,
                ["state"] = p.State,
                ["records_done"] = p.RecordsDone,
                ["records_total"] = p.RecordsTotal,
                ["started_at"] = p.StartedAt,
                ["finished_at"] = p.FinishedAt,
            })]),
        });
    }
}
