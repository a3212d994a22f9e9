using System.Text.Json.Nodes;

namespace Amparo.Server.Features.Records;

/// <summary>
/// Values the server derives from the answers on every write: the full name, a tracing request's
/// <c>tracing_names</c> (the names of the children sought, as Primero keeps them for its list and search), the
/// search text and the facets grouped counts read (<see cref="RecordFacets"/>).
/// </summary>
internal static class DerivedFields
{
    private static readonly string[] NameParts = ["name_first", "name_middle", "name_last"];

    /// <summary>
    /// The answers the list's plain search looks in (what <see cref="Apply"/> puts in the search text): the ids, the
    /// name parts and nickname, and for tracing requests the names of the children sought.
    /// </summary>
    public static IReadOnlyList<string> SearchTextFields(RecordType type) =>
    [
        "short_id", .. type.DisplayIdField is { } display ? [display] : Array.Empty<string>(), .. NameParts, "name_nickname",
        .. type == RecordType.TracingRequest ? ["tracing_names"] : Array.Empty<string>(),
    ];

    public static void Apply(RecordEntity record, JsonObject data)
    {
        var parts = NameParts.Select(p => Text(data[p])).Where(s => s.Length > 0).ToList();
        if (parts.Count > 0) data["name"] = string.Join(' ', parts);
        else data.Remove("name");

        var sought = (data["tracing_request_subform_section"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(row => Text(row["name"])).Where(s => s.Length > 0).ToList();
        if (sought.Count > 0) data["tracing_names"] = new JsonArray([.. sought.Select(n => (JsonNode?)n)]);
        else data.Remove("tracing_names");

        var terms = new List<string> { record.ShortId, record.CaseIdDisplay };
        terms.AddRange(parts);
        terms.AddRange(sought);
        if (Text(data["name_nickname"]) is { Length: > 0 } nick) terms.Add(nick);
        record.SearchText = string.Join(' ', terms).ToLowerInvariant();
        RecordFacets.Apply(record, data);
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : "";
}
