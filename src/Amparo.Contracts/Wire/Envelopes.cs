using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary>Primero's envelope of one value: <c>{"data": …}</c>, for requests and answers alike.</summary>
public sealed record DataEnvelope<T>(T Data);

/// <summary>A list with its paging: <c>{"data": [...], "metadata": {"total", "per", "page"}}</c>.</summary>
public sealed record ListEnvelope<T>(IReadOnlyList<T> Data, ListMetadata Metadata);

/// <summary>
/// The paging of a list. <c>per</c> and <c>page</c> are null (and written as null) for the lists Primero returns whole.
/// <c>total_estimated</c> is Amparo's own key, written only when <c>total</c> is not an exact count (a list of records
/// matching more than the exact-count threshold, ADR 0027): <see cref="TotalEstimates.About"/> or
/// <see cref="TotalEstimates.AtLeast"/>. <c>total</c> stays a number either way, so Primero's client still pages.
/// </summary>
public sealed record ListMetadata(long Total, int? Per, int? Page,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TotalEstimated = null);

/// <summary>What a <c>total_estimated</c> says about <c>total</c>.</summary>
public static class TotalEstimates
{
    /// <summary>The database's estimate of the count (PostgreSQL's planner): may be above or below the true count.</summary>
    public const string About = "about";

    /// <summary>A lower bound: at least this many records match (SQLite, which has no estimate to give).</summary>
    public const string AtLeast = "at_least";
}

/// <summary>Primero's error envelope: <c>{"errors": [{"status", "resource", "message", "detail"?}]}</c>.</summary>
public sealed record ErrorEnvelope(IReadOnlyList<ApiError> Errors);

/// <summary>
/// One refusal. <c>message</c> is a text (<c>"Not Found"</c>) or, for model validation, an array of i18n keys
/// (<c>["transition.errors.consent"]</c>); <c>detail</c> is a text, the attribute at fault, or an array of JSON pointers —
/// Primero's own mix, hence JSON values here. <c>resource</c> is the request path. Bulk calls add the <c>record_id</c>
/// each refusal is about.
/// </summary>
public sealed record ApiError(
    int Status,
    string? Resource,
    JsonNode Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RecordId = null)
{
    /// <summary>The i18n key or text the server named: the first of <c>message</c>'s keys, or the message itself.</summary>
    [JsonIgnore]
    public string? MessageKey => Message switch
    {
        JsonArray list => list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).FirstOrDefault(s => s is not null),
        JsonValue single when single.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    /// <summary>The JSON pointers a 422 on a record names (<c>detail</c> as an array), e.g. <c>/age</c>.</summary>
    [JsonIgnore]
    public IEnumerable<string> DetailPointers =>
        Detail is JsonArray pointers ? pointers.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];
}
