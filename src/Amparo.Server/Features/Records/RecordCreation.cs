using System.Text.Json.Nodes;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Search;
using Amparo.Server.Features.Traces;
using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Records;

/// <summary>Who and what a new record starts from. <see cref="TenantId"/> is left empty where the DbContext stamps it.</summary>
internal sealed record RecordOrigin(Guid Id, string RecordType, string ModuleId, int OwnerId, string OwnerName, long FormVersion,
    JsonObject? ModuleOptions, string Status = "open", Guid? IncidentCaseId = null, DateTimeOffset? CreatedAt = null, Guid TenantId = default,
    string? OwnerAgency = null);

/// <summary>Every row a new record consists of.</summary>
internal sealed record NewRecordRows(RecordEntity Record, RecordHistory History, IReadOnlyList<RecordSearchTerm> SearchTerms,
    IReadOnlyList<TraceEntity> Traces, RecordUser Owner, IReadOnlyList<RecordValue> Values)
{
    public void AddTo(AmparoDbContext db)
    {
        db.Add(Record);
        db.Add(History);
        db.AddRange(SearchTerms);
        db.AddRange(Traces);
        db.Add(Owner);
        db.AddRange(Values);
    }
}

/// <summary>
/// What a new record is, decided in one place: its identifiers, workflow, derived fields, first history entry, search
/// keys, traces, owner and promoted answers (ADR 0026). <see cref="RecordChanges.CreateAsync"/> saves these rows through EF; the bench generator
/// streams the same rows with COPY, so a generated record is what the API would have made.
/// </summary>
internal static class RecordCreation
{
    /// <param name="document">Answers already through the form engine (validated, rules applied); taken over.</param>
    /// <param name="promoted">The record type's promoted fields (<see cref="PromotedAnswers.OfAsync"/>), whose answers get rows.</param>
    public static NewRecordRows Build(RecordOrigin origin, JsonObject document, Guid uniqueIdentifier, DateTimeOffset now, IReadOnlySet<string> promoted)
    {
        var created = origin.CreatedAt ?? now;
        var shortId = RecordType.ShortIdOf(uniqueIdentifier);
        var record = new RecordEntity
        {
            Id = origin.Id,
            TenantId = origin.TenantId,
            RecordType = origin.RecordType,
            ModuleId = origin.ModuleId,
            UniqueIdentifier = uniqueIdentifier,
            ShortId = shortId,
            CaseIdDisplay = shortId,
            OwnedByUserId = origin.OwnerId,
            OwnedBy = origin.OwnerName,
            OwnedByAgencyId = origin.OwnerAgency,
            CreatedBy = origin.OwnerName,
            Status = origin.Status,
            RegistrationDate = DateOnly.FromDateTime(created.UtcDateTime),
            CreatedAt = created,
            UpdatedAt = created,
            Version = 1,
            FormVersion = origin.FormVersion,
            Workflow = Workflow.New,
            IncidentCaseId = origin.IncidentCaseId,
        };
        Workflow.Recalculate(record, document, [.. document.Select(kv => kv.Key)], origin.ModuleOptions);
        DerivedFields.Apply(record, document);
        record.Data = document.ToJsonString();
        var snapshot = HistoryLog.Snapshot(record, document);
        var history = HistoryLog.Entry(record, "create", origin.OwnerName, snapshot.Select(kv => kv.Key), [], snapshot, created)!;
        history.TenantId = origin.TenantId;
        var terms = SearchIndex.TermsOf(document).Distinct()
            .Select(t => new RecordSearchTerm { TenantId = origin.TenantId, RecordId = record.Id, Kind = t.Kind, Term = t.Term }).ToList();
        var traces = TraceIndex.EntriesOf(record, document).ToList();
        foreach (var trace in traces) trace.TenantId = origin.TenantId;
        var owner = new RecordUser { TenantId = origin.TenantId, RecordId = record.Id, UserId = origin.OwnerId, Relation = RecordRelation.Owner };
        var values = PromotedAnswers.RowsOf(record, document, promoted).ToList();
        return new NewRecordRows(record, history, terms, traces, owner, values);
    }
}
