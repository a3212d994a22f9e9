namespace Amparo.Contracts;

/// <summary>
/// The five kinds of record Primero keeps, with what differs between them on the wire: the API path, the permission
/// resource (also the forms' <c>parent_form</c>), and the names of the identifier fields (Primero's
/// <c>case_id</c>/<c>case_id_display</c>, <c>incident_id</c>/<c>incident_code</c>, ...). Server and client read this one
/// table.
/// </summary>
public sealed record RecordType(string Name, string Path, string IdField, string? DisplayIdField)
{
    public static readonly RecordType Case = new("case", "cases", "case_id", "case_id_display");
    public static readonly RecordType Incident = new("incident", "incidents", "incident_id", "incident_code");
    public static readonly RecordType TracingRequest = new("tracing_request", "tracing_requests", "tracing_request_id", null);
    public static readonly RecordType Family = new("family", "families", "family_id", "family_id_display");
    public static readonly RecordType Registry = new("registry_record", "registry_records", "registry_id", "registry_id_display");

    public static readonly IReadOnlyList<RecordType> All = [Case, Incident, TracingRequest, Family, Registry];

    public static RecordType Of(string name) => All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"Unknown record type {name}.", nameof(name));

    public static RecordType? FromPath(string path) => All.FirstOrDefault(t => t.Path == path);

    /// <summary>Cases carry a workflow (new, assessment, case plan, ..., closed); the other types only a status.</summary>
    public bool HasWorkflow => this == Case;

    /// <summary>
    /// A record's short id: the last 7 hex digits of its random unique identifier, as Primero makes it (collisions are
    /// drawn again by whoever stores it).
    /// </summary>
    public static string ShortIdOf(Guid uniqueIdentifier) => uniqueIdentifier.ToString("N")[^7..];
}
