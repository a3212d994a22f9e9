using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Alerts;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Search;
using Amparo.Server.Features.Traces;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// One change to one stored record, opened by <see cref="RecordChanges.Begin"/> on a tracked record the caller loaded
/// through the access rule. The writer edits <see cref="Document"/> and the record's columns and marks the keys it
/// changed; system columns (status, owner, record state, flags, incident link, identified by) are noticed by themselves.
/// </summary>
internal sealed class RecordChange
{
    private readonly List<string> _changed = [];
    private readonly JsonNode? _nameBefore;

    internal RecordChange(RecordEntity record, string actorName, int? actorId)
    {
        Record = record;
        ActorName = actorName;
        ActorId = actorId;
        Document = JsonNode.Parse(record.Data)!.AsObject();
        Before = Snapshot(record, Document);
        _nameBefore = Document["name"]?.DeepClone();
        AlertCountBefore = record.AlertCount;
    }

    public RecordEntity Record { get; }

    /// <summary>The record's answers, parsed once: edit them in place.</summary>
    public JsonObject Document { get; }

    public string ActorName { get; }
    public int? ActorId { get; }

    /// <summary>The keys this change touched, in order, as the history, alerts, workflow and the answer name them.</summary>
    public IReadOnlyList<string> Changed => _changed;

    /// <summary>Form answers changed under this schema raise or clear the owner's field-change alerts.</summary>
    public FormSchema? AnswersSchema { get; set; }

    /// <summary>The configuration version answers were validated against, when the change wrote answers.</summary>
    public long? FormVersion { get; set; }

    internal JsonObject Before { get; }
    internal int AlertCountBefore { get; }
    internal bool Staged { get; set; }
    internal bool NameChanged => !JsonNode.DeepEquals(_nameBefore, Document["name"]);

    public RecordChange Mark(params IEnumerable<string> keys)
    {
        foreach (var key in keys) if (!_changed.Contains(key)) _changed.Add(key);
        return this;
    }

    /// <summary>The system columns a change can move, as the history shows them (besides the answers).</summary>
    internal static readonly string[] SystemKeys = ["status", "record_state", "owned_by", "module_id", "identified_by", "flag_count", "incident_case_id"];

    internal static JsonObject Snapshot(RecordEntity record, JsonObject document)
    {
        var all = HistoryLog.Snapshot(record, document);
        all["flag_count"] = record.FlagCount;
        all["incident_case_id"] = record.IncidentCaseId?.ToString();
        return all;
    }
}

/// <summary>
/// THE way a record is created or changed — by the API, transitions, approvals, flags, attachments, traces, incidents
/// linked to cases, bulk work, demo data — so every change keeps the same invariants: version and <c>updated_at</c>
/// move, workflow and derived fields (name, search text) are recomputed, the history names what changed, the owner's
/// field-change alerts, search keys and trace index follow the answers, the call's audit event is written in the same
/// transaction, and a concurrent change is a <see cref="ConflictException"/> (409) with nothing written. Creation builds
/// its rows with <see cref="RecordCreation"/>, which the bench generator uses too.
/// </summary>
internal sealed class RecordChanges(AmparoDbContext db, FormCatalog forms, HistoryLog history, AlertRules alerts, SearchIndex search,
    TraceIndex traces, AssociationStore associations, AuditTrail trail, RequestAuditScope audit, TimeProvider clock)
{
    private const string ConflictDetail = "The record was changed by someone else; read it again and retry.";

    /// <summary>Staged changes of promoted answers: the record, the fields whose rows are replaced, their new rows.</summary>
    private readonly List<(Guid RecordId, List<string> Fields, List<RecordValue> Rows)> _values = [];

    public RecordChange Begin([System.Diagnostics.CodeAnalysis.NotNull] RecordEntity? record, string actorName, int? actorId = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (db.Entry(record).State == EntityState.Detached) throw new InvalidOperationException("A record is changed only when loaded for tracking.");
        return new RecordChange(record, actorName, actorId);
    }

    /// <summary>
    /// Applies the invariants to the unit of work without saving, for writers that save more with it (flags,
    /// attachments, transitions) and then call <see cref="CommitAsync"/>. Returns false when nothing changed.
    /// </summary>
    public async Task<bool> StageAsync(RecordChange change, CancellationToken ct)
    {
        if (change.Staged) throw new InvalidOperationException("A record change is staged once.");
        change.Staged = true;
        var record = change.Record;
        var document = change.Document;
        var current = RecordChange.Snapshot(record, document);
        foreach (var key in RecordChange.SystemKeys)
            if (!JsonNode.DeepEquals(change.Before[key], current[key])) change.Mark(key);
        if (change.Changed.Count == 0 && record.AlertCount == change.AlertCountBefore) return false;

        if (change.Changed.Count > 0)
        {
            var workflow = record.Workflow;
            Workflow.Recalculate(record, document, change.Changed, await forms.ModuleOptionsAsync(record.ModuleId, ct));
            if (record.Workflow != workflow) change.Mark("workflow");
            DerivedFields.Apply(record, document);
            if (change.NameChanged) change.Mark("name");
            record.Data = document.ToJsonString();
            // Compared rather than taken from the marked keys: rules and derived fields change answers too.
            var promoted = PromotedAnswers.Changed(await PromotedAnswers.OfAsync(forms, record.RecordType, ct), change.Before, document);
            if (promoted.Count > 0) _values.Add((record.Id, promoted, [.. PromotedAnswers.RowsOf(record, document, promoted)]));
        }
        record.UpdatedAt = clock.GetUtcNow();
        record.Version++;
        if (change.FormVersion is { } version) record.FormVersion = version;
        history.Add(record, "update", change.ActorName, change.Changed, change.Before, RecordChange.Snapshot(record, document));
        if (change.AnswersSchema is { } schema) await alerts.OnSaveAsync(record, change.ActorName, change.Changed, schema, ct);
        await search.RefreshAsync(record, document, ct);
        await traces.RefreshAsync(record, document, ct);
        Audit(record, "update", change.ActorId, change.ActorName, change.Changed);
        return true;
    }

    /// <summary>Saves the unit of work; a record changed since it was read makes it a 409 with nothing written.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_values.Count == 0)
        {
            await SaveOrConflictAsync(ct);
            return;
        }
        // Promoted answers that changed are replaced after the records' own update, in its transaction: the update
        // holds the record's row lock first, so a backfill batch (which locks the records it rewrites) is either done
        // before these rows are read for deletion or waits for this change to commit (ADR 0026).
        var rewrites = _values.ToList();
        _values.Clear();
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await SaveOrConflictAsync(ct);
        foreach (var (recordId, fields, rows) in rewrites)
        {
            await db.Set<RecordValue>().Where(v => v.RecordId == recordId && fields.Contains(v.Field)).ExecuteDeleteAsync(ct);
            db.AddRange(rows);
        }
        await SaveOrConflictAsync(ct);
        if (own is not null) await own.CommitAsync(ct);
    }

    private async Task SaveOrConflictAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(ConflictDetail);
        }
    }

    /// <summary>Stages and saves one change; returns false when nothing changed (and nothing was written).</summary>
    public async Task<bool> SaveAsync(RecordChange change, CancellationToken ct)
    {
        if (!await StageAsync(change, ct)) return false;
        await CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Creates a record from answers already checked by the form engine, with its owner's access, history, search keys,
    /// traces and audit event, in one transaction; short ids that collide are drawn again. A client-chosen id that
    /// exists already is a 409.
    /// </summary>
    public async Task<RecordEntity> CreateAsync(RecordOrigin origin, JsonObject document, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One save: the record with its history, search keys, traces, owner, projections and audit event. A short id
            // that collides is left to the unique index (a retry with a new one) rather than probed before every create.
            var agency = await associations.AddForNewRecordAsync(origin.Id, origin.OwnerId, ct);
            var rows = RecordCreation.Build(origin with { OwnerAgency = origin.OwnerAgency ?? agency }, (JsonObject)document.DeepClone(), Guid.NewGuid(), clock.GetUtcNow(),
                await PromotedAnswers.OfAsync(forms, origin.RecordType, ct));
            var record = rows.Record;
            rows.AddTo(db);
            if (origin.IncidentCaseId is { } fromCase) await alerts.OnIncidentFromCaseAsync(fromCase, origin.OwnerName, ct);
            audit.CreatedRecordId = record.Id;
            Audit(record, "create", origin.OwnerId, origin.OwnerName, []);
            try
            {
                await db.SaveChangesAsync(ct);
                return record;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                if (await db.Records.AnyAsync(r => r.Id == origin.Id, ct)) throw ApiException.Taken();
                if (await db.Records.IgnoreQueryFilters().AnyAsync(r => r.Id == origin.Id, ct)) throw ApiException.InvalidRecord(["/id"]);
            }
        }
    }

    /// <summary>The call's audit event goes in with the change; a change outside any call (bulk work) gets its own.</summary>
    private void Audit(RecordEntity record, string action, int? actorId, string actorName, IReadOnlyList<string> fields)
    {
        if (audit.AttachTo(db, fields) || actorId is null) return;
        var detail = new JsonObject { ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode?)f)]) };
        db.Add(trail.Entry(action, actorId, actorName, record.RecordType, record.Id.ToString(), detail, ready: true));
    }

    /// <summary>The unique id of a user's agency, which a record they come to own is stamped with (<c>owned_by_agency_id</c>).</summary>
    public static Task<string?> OwnerAgencyAsync(AmparoDbContext db, int userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId)
            .Join(db.Agencies, u => u.AgencyId, a => (int?)a.Id, (u, a) => a.UniqueId)
            .FirstOrDefaultAsync(ct);
}
