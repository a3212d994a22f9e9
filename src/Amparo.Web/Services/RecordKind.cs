namespace Amparo.Web.Services;

/// <summary>
/// The five record types as the client names them: the permission resource and form parent (<c>case</c>), the API
/// and page path (<c>cases</c>), and the field that carries the short id people read out (<c>case_id_display</c>).
/// </summary>
public sealed record RecordKind(string Type, string Path, string? DisplayIdField)
{
    public static readonly RecordKind Case = new("case", "cases", "case_id_display");
    public static readonly RecordKind Incident = new("incident", "incidents", "incident_code");
    public static readonly RecordKind TracingRequest = new("tracing_request", "tracing_requests", null);
    public static readonly RecordKind Family = new("family", "families", "family_id_display");
    public static readonly RecordKind RegistryRecord = new("registry_record", "registry_records", "registry_id_display");

    public static readonly IReadOnlyList<RecordKind> All = [Case, Incident, TracingRequest, Family, RegistryRecord];

    public static RecordKind? FromPath(string path) => All.FirstOrDefault(k => k.Path == path);

    /// <summary>The id column of lists: every type has a short id, cases also the display id people quote.</summary>
    public string IdField => DisplayIdField == "case_id_display" ? "case_id_display" : "short_id";

    /// <summary>The short id to show: the display id where the type has one, else the start of the record's UUID.</summary>
    public string ShortId(System.Text.Json.Nodes.JsonObject record, string id) =>
        DisplayIdField is not null && MetadataRules.Text(record[DisplayIdField]) is { Length: > 0 } shown ? shown
        : MetadataRules.Text(record["short_id"]) is { Length: > 0 } s ? s : id.Length > 7 ? id[..7] : id;
}
