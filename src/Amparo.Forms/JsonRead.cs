using System.Globalization;
using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>Tolerant typed reads from JSON objects: a missing or wrongly typed value reads as null.</summary>
public static class JsonRead
{
    public static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static long? Integer64(JsonObject o, string key) => o[key] switch
    {
        JsonValue v when RecordValidator.TryGetInteger(v, out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    public static int? Number(JsonObject o, string key) => Integer64(o, key) is { } l ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : null;

    /// <summary>The strings of an array; null when the key is absent or not an array.</summary>
    public static List<string>? StrList(JsonObject o, string key) =>
        o[key] is JsonArray a
            ? [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : null;
}
