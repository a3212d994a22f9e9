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
/// on the server as it does in the browser. A source Amparo does not know answers null (not checked). Lookups, locations
/// and agencies are configuration: kept per tenant and configuration stamp (ADR 0025), so a save does not read them
/// (a case's forms name some twenty lists). Users change with every account and are read each time.
/// </summary>
internal sealed class OptionCatalog(AmparoDbContext db, LocationTree locations, TenantStamps stamps, OptionSourceCache cache)
{
    private readonly Dictionary<string, IReadOnlyList<FieldOption>?> _loaded = new(StringComparer.Ordinal);

    public async Task<IOptionResolver> ForAsync(FormSchema schema, CancellationToken ct)
    {
        var missing = schema.NamedSources().Where(s => !_loaded.ContainsKey(s)).ToList();
        if (missing.Count == 0) return new Resolver(_loaded);
        var (_, stamp) = await stamps.ReadAsync(ct);
        foreach (var source in missing)
        {
            if (source == "User")
            {
                _loaded[source] = await LoadAsync(source, ct);
                continue;
            }
            if (!cache.TryGet(db.CurrentTenantId, stamp, source, out var options))
                cache.Set(db.CurrentTenantId, stamp, source, options = await LoadAsync(source, ct));
            _loaded[source] = options;
        }
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

/// <summary>
/// Option lists of configuration sources (lookups, locations, agencies) shared by every request of this server, each kept
/// with the configuration stamp it was read under (ADR 0025). Option lists are immutable once built.
/// </summary>
internal sealed class OptionSourceCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Tenant, string Source), (Guid Stamp, IReadOnlyList<FieldOption>? Options)> _sources = new();

    public bool TryGet(Guid tenant, Guid stamp, string source, out IReadOnlyList<FieldOption>? options)
    {
        var found = _sources.TryGetValue((tenant, source), out var entry) && entry.Stamp == stamp;
        options = found ? entry.Options : null;
        return found;
    }

    public void Set(Guid tenant, Guid stamp, string source, IReadOnlyList<FieldOption>? options) => _sources[(tenant, source)] = (stamp, options);
}
