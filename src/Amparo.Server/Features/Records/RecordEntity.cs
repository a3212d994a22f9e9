using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Records;

/// <summary>
/// A case (and later incidents, tracing requests, ...): promoted, indexed columns for everything used
/// to authorise, filter, sort or sync, and one JSON document with every form answer.
/// </summary>
internal sealed class RecordEntity : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string RecordType { get; set; }
    public required string ModuleId { get; set; }
    public Guid UniqueIdentifier { get; set; }
    public required string ShortId { get; set; }
    public required string CaseIdDisplay { get; set; }
    public int OwnedByUserId { get; set; }
    public required string OwnedBy { get; set; }
    /// <summary>The owner's agency (its unique id) when they became the owner: Primero's <c>owned_by_agency_id</c>.</summary>
    public string? OwnedByAgencyId { get; set; }
    public required string CreatedBy { get; set; }
    public string Status { get; set; } = "open";
    public bool RecordState { get; set; } = true;
    public string Workflow { get; set; } = "new";
    public DateOnly RegistrationDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped on every write; the ETag, and the optimistic-concurrency token.</summary>
    public int Version { get; set; }
    /// <summary>Active (unresolved) flags: Primero's <c>flag_count</c>; <c>flagged</c> is this above zero.</summary>
    public int FlagCount { get; set; }
    /// <summary>Alerts waiting for the owner (Primero's <c>alert_count</c>), kept with the alerts.</summary>
    public int AlertCount { get; set; }
    /// <summary>Lower-cased names and identifiers, for the list's search box.</summary>
    public string SearchText { get; set; } = "";
    /// <summary>The configuration version (a <see cref="Forms.FormSectionVersion"/> id) the record was last saved against.</summary>
    public long FormVersion { get; set; }
    /// <summary>For incidents: the case the incident belongs to (Primero's <c>incident_case_id</c>), a column so a case finds its incidents by index.</summary>
    public Guid? IncidentCaseId { get; set; }
    /// <summary>The user who identified the case (Primero's <c>identified_by</c>, set by the <c>attribute</c> action): the one record an <c>identified</c>-scope user reaches.</summary>
    public int? IdentifiedByUserId { get; set; }
    public string? IdentifiedBy { get; set; }
    /// <summary>When the record was last sent to an external system, and how that went (<c>sending</c>, <c>sent</c>, <c>failed</c>).</summary>
    public DateTimeOffset? SyncedAt { get; set; }
    public string? SyncStatus { get; set; }
    /// <summary>
    /// Facets (<see cref="RecordFacets"/>): the answers grouped counts are by — <c>risk_level</c>, <c>sex</c>, the band of
    /// <c>age</c>, <c>location_current</c> — and the earliest due date of the open tasks, copied from the document by the
    /// record path on every write so a count is answered from an index rather than from every document.
    /// </summary>
    public string? RiskLevel { get; set; }
    public string? Sex { get; set; }
    public string? AgeBand { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset? TaskDue { get; set; }
    /// <summary>The form answers (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    public string Data { get; set; } = "{}";
}
