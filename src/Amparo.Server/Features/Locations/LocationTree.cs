using System.Text.Json.Nodes;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Locations;

/// <summary>
/// The tenant's locations loaded once per request, to give each its full name (<c>Country::Province::District</c>
/// per locale, Primero's <c>name_i18n</c>) and to answer option lists and imports without a query per row.
/// </summary>
internal sealed class LocationTree(AmparoDbContext db)
{
    private Dictionary<string, Location>? _byCode;

    public async Task<IReadOnlyDictionary<string, Location>> ByCodeAsync(CancellationToken ct) =>
        _byCode ??= await db.Set<Location>().AsNoTracking().ToDictionaryAsync(l => l.Code, StringComparer.Ordinal, ct);

    public void Forget() => _byCode = null;

    /// <summary>Ancestors' names joined with <c>::</c>, for every locale any of them has.</summary>
    public static JsonObject FullName(Location location, IReadOnlyDictionary<string, Location> byCode)
    {
        var chain = location.Ancestors.Select(code => byCode.GetValueOrDefault(code)).OfType<Location>().Append(location)
            .Select(l => JsonNode.Parse(l.Placename) as JsonObject ?? []).ToList();
        var locales = chain.SelectMany(p => p.Select(kv => kv.Key)).Distinct(StringComparer.Ordinal).ToList();
        var name = new JsonObject();
        foreach (var locale in locales)
            name[locale] = string.Join("::", chain.Select(p => Text(p, locale) ?? Text(p, "en") ?? ""));
        foreach (var locale in I18nText.Locales)
            if (!name.ContainsKey(locale)) name[locale] = string.Join("::", chain.Select(p => Text(p, "en") ?? ""));
        return name;
    }

    private static string? Text(JsonObject o, string locale) =>
        o[locale] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    public static JsonObject ToJson(Location l, IReadOnlyDictionary<string, Location> byCode, bool hierarchy)
    {
        var o = new JsonObject
        {
            ["id"] = l.Id,
            ["code"] = l.Code,
            ["type"] = l.Type,
            ["disabled"] = l.Disabled,
            ["name"] = FullName(l, byCode),
        };
        if (hierarchy)
        {
            o["admin_level"] = l.AdminLevel;
            o["placename"] = I18nText.ToWire(l.Placename);
            o["hierarchy"] = new JsonArray([.. l.HierarchyPath.Split('.').Select(c => (JsonNode?)c)]);
        }
        return o;
    }
}
