using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary>
/// A flag's request, inside <c>{"data": …}</c>: raise (<c>message</c>, <c>date</c>), edit (the same), resolve
/// (<c>unflag_message</c>), or raise on many (<c>filters</c>: <c>id</c> and <c>short_id</c>). An offline client's own
/// <c>id</c> makes the answer 204.
/// </summary>
public sealed record FlagRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Date = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnflagMessage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filters = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Id = null);

/// <summary>A flag as Primero shows it; on a raise or resolve, with the record's new flag count.</summary>
public sealed record FlagJson
{
    public int Id { get; init; }
    public string RecordId { get; init; } = "";
    public string RecordUuid { get; init; } = "";
    public string RecordType { get; init; } = "";
    public string Date { get; init; } = "";
    public string Message { get; init; } = "";
    public string FlaggedBy { get; init; } = "";
    public bool Removed { get; init; }
    public string? UnflagMessage { get; init; }
    public string? UnflaggedBy { get; init; }
    public string? UnflaggedDate { get; init; }
    public string CreatedAt { get; init; } = "";
    public bool SystemGeneratedFollowup { get; init; }
    public string? ShortId { get; init; }
    public string? OwnedBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FlagRecordCount? Record { get; init; }
}

/// <summary>The flagged record's count after the change.</summary>
public sealed record FlagRecordCount(string Id, bool Flagged, int FlagCount);

/// <summary><c>POST /:type/flags</c>: what was raised, on how many records.</summary>
public sealed record BulkFlagResponse(string Message, string Date, JsonObject Filters, int Total);
