namespace Amparo.Web.Services;

/// <summary>
/// The five record types as the client names them: the permission resource and form parent (<c>case</c>), the API
/// and page path (<c>cases</c>), and the field that carries the short id people read out (<c>case_id_display</c>).
/// </summary>
public sealed record RecordKind(string Type, string Path, string? DisplayIdField)
{
    // From the table the server uses (Amparo.Contracts), so the two cannot drift.
    private static RecordKind Of(Amparo.Contracts.RecordType t) => new(t.Name, t.Path, t.DisplayIdField);

    public static readonly RecordKind Case = Of(Amparo.Contracts.RecordType.Case);
    public static readonly RecordKind Incident = Of(Amparo.Contracts.RecordType.Incident);
    public static readonly RecordKind TracingRequest = Of(Amparo.Contracts.RecordType.TracingRequest);
    public static readonly RecordKind Family = Of(Amparo.Contracts.RecordType.Family);
    public static readonly RecordKind RegistryRecord = Of(Amparo.Contracts.RecordType.Registry);

    public static readonly IReadOnlyList<RecordKind> All = [Case, Incident, TracingRequest, Family, RegistryRecord];

    public static RecordKind? FromPath(string path) => All.FirstOrDefault(k => k.Path == path);

    /// <summary>The id column of lists: every type has a short id, cases also the display id people quote.</summary>
    public string IdField => DisplayIdField == "case_id_display" ? "case_id_display" : "short_id";

    /// <summary>The short id to show: the display id where the type has one, else the start of the record's UUID.</summary>
    public string ShortId(System.Text.Json.Nodes.JsonObject record, string id) =>
        DisplayIdField is not null && MetadataRules.Text(record[DisplayIdField]) is { Length: > 0 } shown ? shown
        : MetadataRules.Text(record["short_id"]) is { Length: > 0 } s ? s : id.Length > 7 ? id[..7] : id;
}
