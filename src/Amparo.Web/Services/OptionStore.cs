using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Web.Services;

/// <summary>
/// The options behind named option sources, fetched once per session for the sources a form uses: lookups, locations
/// (every page), agencies (from the extended system settings every user may read). It answers the shared form engine
/// as the server's catalogue does, so choices are checked the same way on both sides. A source this user cannot list
/// (<c>User</c>) answers null, and the form falls back to typing.
/// </summary>
public sealed class OptionStore(ApiClient api) : IOptionResolver
{
    private readonly Dictionary<string, IReadOnlyList<FieldOption>?> _options = new(StringComparer.Ordinal);
    private Dictionary<string, JsonObject>? _lookups;

    public IReadOnlyList<FieldOption>? Options(string source) => _options.GetValueOrDefault(source);

    /// <summary>Forgets what was loaded (after an administrator changed lookups or locations).</summary>
    public void Invalidate()
    {
        _options.Clear();
        _lookups = null;
    }

    /// <summary>A lookup's values by its unique id (e.g. the form-group names), or null.</summary>
    public async Task<IReadOnlyList<FieldOption>?> LookupAsync(string uniqueId, CancellationToken ct = default)
    {
        var lookups = await LookupsAsync(ct);
        return lookups.TryGetValue(uniqueId, out var lookup) ? FormJson.ReadOptionList(lookup, "values") : null;
    }

    public async Task LoadAsync(FormSchema schema, CancellationToken ct = default)
    {
        foreach (var source in schema.NamedSources().Distinct().Where(s => !_options.ContainsKey(s)).ToList())
            _options[source] = await FetchAsync(source, ct);
    }


    private async Task<Dictionary<string, JsonObject>> LookupsAsync(CancellationToken ct)
    {
        if (_lookups is not null) return _lookups;
        var result = await api.GetAsync("api/v2/lookups?per=1000", ct);
        _lookups = (result.Body?["data"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(l => l["unique_id"] is JsonValue)
            .ToDictionary(l => l["unique_id"]!.GetValue<string>(), StringComparer.Ordinal);
        return _lookups;
    }

    private async Task<IReadOnlyList<FieldOption>?> FetchAsync(string source, CancellationToken ct)
    {
        if (source.StartsWith("lookup ", StringComparison.Ordinal)) return await LookupAsync(source[7..].Trim(), ct);
        switch (source)
        {
            case "Location" or "ReportingLocation":
                var locations = new List<FieldOption>();
                for (var page = 1; ; page++)
                {
                    var result = await api.GetAsync($"api/v2/locations?per=1000&page={page}&order_by=hierarchy", ct);
                    var batch = (result.Body?["data"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                    locations.AddRange(batch.Select(l => new FieldOption(l["code"]!.GetValue<string>(), LocalizedText.Read(l, "name"))
                    {
                        Disabled = l["disabled"] is JsonValue d && d.TryGetValue<bool>(out var off) && off,
                    }));
                    var total = result.Body?["metadata"]?["total"]?.GetValue<long>() ?? 0;
                    if (!result.Ok || batch.Count == 0 || locations.Count >= total) break;
                }
                return locations;
            case "Agency":
                var settings = await api.GetAsync("api/v2/system_settings?extended=true", ct);
                return [.. (settings.Body?["data"]?["agencies"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(a => new FieldOption(a["unique_id"]!.GetValue<string>(), LocalizedText.Read(a, "name")))];
            default:
                return null;
        }
    }
}
