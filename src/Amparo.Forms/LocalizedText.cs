using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>A text in several locales (Primero's <c>*_i18n</c> objects), with fallback.</summary>
public sealed class LocalizedText
{
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    private readonly Dictionary<string, string> _values;

    public LocalizedText(IReadOnlyDictionary<string, string> values)
    {
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
    }

    public static LocalizedText Of(string english) => new(new Dictionary<string, string> { ["en"] = english });

    public IReadOnlyDictionary<string, string> Values => _values;

    public bool IsEmpty => _values.Count == 0;

    /// <summary>The text in <paramref name="locale"/>, else in the fallback locale, else any text there is.</summary>
    public string Get(string locale, string fallbackLocale = "en")
    {
        if (_values.TryGetValue(locale, out var text) && !string.IsNullOrEmpty(text)) return text;
        var dash = locale.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && _values.TryGetValue(locale[..dash], out text) && !string.IsNullOrEmpty(text)) return text;
        if (_values.TryGetValue(fallbackLocale, out text) && !string.IsNullOrEmpty(text)) return text;
        return _values.Values.FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty;
    }

    /// <summary>
    /// The one fallback rule for a localised text object (<c>{"en": ..., "fr": ...}</c>) as the wire carries it, used by
    /// the server and the client alike: see <see cref="Get"/>. Empty when there is no text at all.
    /// </summary>
    public static string Pick(JsonNode? texts, string locale, string fallbackLocale = "en")
    {
        if (texts is not JsonObject o) return texts is JsonValue v && v.TryGetValue<string>(out var plain) ? plain : string.Empty;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, node) in o)
            if (node is JsonValue value && value.TryGetValue<string>(out var s)) values[key] = s;
        return new LocalizedText(values).Get(locale, fallbackLocale);
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in _values) o[k] = v;
        return o;
    }

    /// <summary>
    /// Reads a localised property the two ways Primero writes it: an object under <paramref name="key"/>
    /// (<c>"name": {"en": ...}</c>, the API) or one key per locale (<c>"name_en": ...</c>, the seed files).
    /// A plain string under <paramref name="key"/> counts as English.
    /// </summary>
    public static LocalizedText Read(JsonObject source, string key)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (source[key])
        {
            case JsonObject o:
                foreach (var (locale, node) in o)
                    if (node is JsonValue v && v.TryGetValue<string>(out var s)) values[locale] = s;
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                values["en"] = s;
                break;
        }
        if (source[key + "_i18n"] is JsonObject i18n)
            foreach (var (locale, node) in i18n)
                if (node is JsonValue v && v.TryGetValue<string>(out var s)) values[locale] = s;
        var prefix = key + "_";
        foreach (var (k, node) in source)
        {
            if (k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal)
                && node is JsonValue v && v.TryGetValue<string>(out var s) && IsLocale(k[prefix.Length..]))
                values[k[prefix.Length..]] = s;
        }
        return values.Count == 0 ? Empty : new LocalizedText(values);
    }

    /// <summary>A locale code as Primero writes them in key suffixes: <c>en</c>, <c>fr</c>, <c>pt-BR</c>-style.</summary>
    public static bool IsLocale(string s) =>
        (s.Length == 2 || (s.Length == 5 && s[2] == '-')) && char.IsAsciiLetterLower(s[0]) && char.IsAsciiLetterLower(s[1]);
}
