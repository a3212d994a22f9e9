using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Locations;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// The options behind named option sources — <c>lookup lookup-…</c>, <c>Location</c>, <c>ReportingLocation</c>,
/// <c>Agency</c>, <c>User</c> — loaded for the sources a schema uses, so the form engine can check a chosen value
/// on the server as it does in the browser. A source Amparo does not know answers null (not checked).
/// </summary>
internal sealed class OptionCatalog(AmparoDbContext db, LocationTree locations)
{
    private readonly Dictionary<string, IReadOnlyList<FieldOption>?> _loaded = new(StringComparer.Ordinal);

    public async Task<IOptionResolver> ForAsync(FormSchema schema, CancellationToken ct)
    {
        foreach (var source in schema.NamedSources().Where(s => !_loaded.ContainsKey(s)).ToList())
            _loaded[source] = await LoadAsync(source, ct);
        return new Resolver(_loaded);
    }


    private async Task<IReadOnlyList<FieldOption>?> LoadAsync(string source, CancellationToken ct)
    {
        if (source.StartsWith("lookup ", StringComparison.Ordinal))
        {
            var uniqueId = source["lookup ".Length..].Trim();
            var values = await db.Set<Lookup>().AsNoTracking().Where(l => l.UniqueId == uniqueId).Select(l => l.Values).FirstOrDefaultAsync(ct);
            return values is null ? null : FormJson.ReadOptionList(new JsonObject { ["values"] = JsonNode.Parse(values) }, "values");
        }
        switch (source)
        {
            case "Location" or "ReportingLocation":
                var byCode = await locations.ByCodeAsync(ct);
                return [.. byCode.Values.Select(l => new FieldOption(l.Code, new LocalizedText(Texts(LocationTree.FullName(l, byCode)))) { Disabled = l.Disabled })];
            case "Agency":
                var agencies = await db.Agencies.AsNoTracking().Select(a => new { a.UniqueId, a.Name, a.Disabled }).ToListAsync(ct);
                return [.. agencies.Select(a => new FieldOption(a.UniqueId, new LocalizedText(Texts(I18nText.ToWire(a.Name)))) { Disabled = a.Disabled })];
            case "User":
                var users = await db.Users.AsNoTracking().Select(u => new { u.UserName, u.FullName, u.Disabled }).ToListAsync(ct);
                return [.. users.Select(u => new FieldOption(u.UserName, LocalizedText.Of(u.FullName)) { Disabled = u.Disabled })];
            default:
                return null;
        }
    }

    private static Dictionary<string, string> Texts(JsonObject o) =>
        o.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());

    private sealed class Resolver(Dictionary<string, IReadOnlyList<FieldOption>?> loaded) : IOptionResolver
    {
        public IReadOnlyList<FieldOption>? Options(string source) => loaded.GetValueOrDefault(source);
    }
}
