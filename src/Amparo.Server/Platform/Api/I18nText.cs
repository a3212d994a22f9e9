using System.Text.Json.Nodes;

namespace Amparo.Server.Platform.Api;

/// <summary>Localised admin texts (agency names, descriptions): stored as <c>{"en": ..., "fr": ...}</c>.</summary>
internal static class I18nText
{
    /// <summary>The languages Amparo speaks (<c>GET /primero</c>, system settings, user locales, i18n texts).</summary>
    public static readonly string[] Locales = ["en", "fr", "ar"];

    /// <summary>Every configured locale, <c>""</c> where a text is missing (Primero's shape).</summary>
    public static JsonObject ToWire(string stored)
    {
        var values = JsonNode.Parse(stored) as JsonObject ?? [];
        var o = new JsonObject();
        foreach (var locale in Locales) o[locale] = values[locale]?.DeepClone() ?? "";
        foreach (var (k, v) in values) if (!o.ContainsKey(k)) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>Merges a request's texts into the stored ones, per locale; null when the value is not an object of strings.</summary>
    public static string? Merge(string stored, JsonNode? incoming)
    {
        if (incoming is not JsonObject changes) return null;
        var values = JsonNode.Parse(stored) as JsonObject ?? [];
        foreach (var (locale, text) in changes)
        {
            if (text is not null && !(text is JsonValue v && v.TryGetValue<string>(out _))) return null;
            values[locale] = text?.DeepClone();
        }
        return values.ToJsonString();
    }

    public static string Get(string stored, string locale = "en") =>
        (JsonNode.Parse(stored) as JsonObject)?[locale] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
