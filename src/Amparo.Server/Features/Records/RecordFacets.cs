using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amparo.Server.Features.Records;

/// <summary>
/// The facet columns of a record (ADR 0028), derived from its answers with the name and search text on every write through
/// the record path, so they change in the same save as the document they copy. Each holds exactly what the list filter
/// of the same name matches: a text answer only when it is a JSON string, an age band only for a number inside one of
/// <see cref="AgeBands"/> (the list's <c>age=0..5</c> ranges, bounds included).
/// </summary>
internal static class RecordFacets
{
    /// <summary>Primero's dashboard age ranges, written as the list's range filter that selects each.</summary>
    public static readonly (string Band, double From, double? To)[] AgeBands = [("0..5", 0, 5), ("6..11", 6, 11), ("12..17", 12, 17), ("18..", 18, null)];

    public static void Apply(RecordEntity record, JsonObject data)
    {
        record.RiskLevel = Text(data["risk_level"]);
        record.Sex = Text(data["sex"]);
        record.Location = Text(data["location_current"]);
        record.AgeBand = Number(data["age"]) is { } age ? AgeBands.FirstOrDefault(b => age >= b.From && (b.To is not { } to || age <= to)).Band : null;
        record.TaskDue = Tasks.DueTasks.Of(data).Select(t => (DateTimeOffset?)t.Due.ToUniversalTime()).Min();
    }

    /// <summary>Facets are limited to the lengths of their columns; a longer answer is not a facet value anyone counts by.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// A JSON number, however the node holds it: parsed answers hold a JSON element, calculated ones and generated ones a
    /// CLR int or double, which <c>GetValue&lt;double&gt;</c> does not convert.
    /// </summary>
    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= MaxLength ? s : null;
}
