using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Amparo.Web.Services;

/// <summary>
/// The server's rules for metadata identifiers, checked in the client too so a mistake is flagged next to the field
/// instead of coming back as one 422 for the whole form. The server stays the judge.
/// </summary>
public static partial class MetadataRules
{
    /// <summary>A lookup value id (and a lookup's unique id), as <c>LookupEndpoints</c> accepts it.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    public static partial Regex LookupValueId();

    /// <summary>A location code, as <c>LocationEndpoints</c> accepts it.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    public static partial Regex LocationCode();

    /// <summary>
    /// The <c>detail</c> of each error in a Primero error envelope: an attribute name (model validation) or a list of
    /// names (e.g. the fields still using a lookup), flattened.
    /// </summary>
    public static IReadOnlyList<string> ErrorDetails(ApiResult result) =>
        [.. (result.Body?["errors"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(e => Strings(e["detail"]))];

    /// <summary>The message keys of a model validation failure, e.g. <c>errors.models.location.code_unique</c>.</summary>
    public static IReadOnlyList<string> ErrorMessages(ApiResult result) =>
        [.. (result.Body?["errors"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(e => Strings(e["message"]))];

    /// <summary>A localised text object's value in <paramref name="language"/>, by the rule the server uses (<see cref="Amparo.Forms.LocalizedText.Pick"/>).</summary>
    public static string Localised(JsonNode? texts, string language) => Amparo.Forms.LocalizedText.Pick(texts, language);

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Text).OfType<string>(),
        _ => Text(node) is { } s ? [s] : [],
    };
}
