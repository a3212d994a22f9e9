using System.Globalization;
using System.Text.Json.Nodes;

namespace Amparo.Web.Services;

public enum SearchMode { Text, Id, Name, Phone }

/// <summary>
/// The state of a record list, kept in the page's query string in the API's own terms (filters as Primero's filter
/// grammar, <c>query</c> with <c>id_search</c>/<c>phonetic</c>/<c>phone_number</c>, <c>order_by</c>, <c>order</c>,
/// <c>page</c>, <c>per</c>), so that a reload, back/forward or a shared link shows the same list, and what the
/// browser's address says is what the server is asked.
/// </summary>
public sealed record RecordListQuery
{
    public const int DefaultPer = 20;

    /// <summary>What Primero's web client shows before the user chooses: open, enabled records.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultFilters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["status"] = "open",
        ["record_state"] = "true",
    };

    /// <summary>Parameters that are not filters: the same set the API reserves.</summary>
    private static IReadOnlySet<string> ListParameters => Amparo.Contracts.ListParameters.Reserved;

    /// <summary>Filter name → value in the API's syntax (<c>a,b</c> lists, <c>a..b</c> ranges); a <c>loc:</c> name keeps its prefix.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? Search { get; init; }

    public SearchMode Mode { get; init; } = SearchMode.Text;

    public string? OrderBy { get; init; }

    public bool Descending { get; init; } = true;

    public int Page { get; init; } = 1;

    public int Per { get; init; } = DefaultPer;

    /// <summary>
    /// Reads a page's query string. A page opened with none shows Primero's default filters; once the user has
    /// chosen, the query string always carries <c>page</c>, so "no filters at all" stays distinct from "the defaults".
    /// </summary>
    public static RecordListQuery FromQueryString(string? queryString)
    {
        var pairs = Parse(queryString);
        if (pairs.Count == 0) return new RecordListQuery { Filters = new Dictionary<string, string>(DefaultFilters, StringComparer.Ordinal) };
        var values = pairs.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p.Value)), StringComparer.Ordinal);
        var mode = values.GetValueOrDefault("id_search") == "true" ? SearchMode.Id
            : values.GetValueOrDefault("phonetic") == "true" ? SearchMode.Name
            : values.GetValueOrDefault("phone_number") == "true" ? SearchMode.Phone
            : SearchMode.Text;
        return new RecordListQuery
        {
            Filters = values.Where(kv => !ListParameters.Contains(kv.Key) && kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Search = values.GetValueOrDefault("query") is { Length: > 0 } q ? q : null,
            Mode = mode,
            OrderBy = values.GetValueOrDefault("order_by") is { Length: > 0 } o ? o : null,
            Descending = values.GetValueOrDefault("order") != "asc",
            Page = int.TryParse(values.GetValueOrDefault("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
            Per = int.TryParse(values.GetValueOrDefault("per"), NumberStyles.None, CultureInfo.InvariantCulture, out var per) && per is > 0 and <= 1000 ? per : DefaultPer,
        };
    }

    /// <summary>The API's parameters for this list, in a stable order (filters by name).</summary>
    public IEnumerable<KeyValuePair<string, string>> Parameters()
    {
        foreach (var (name, value) in Filters.OrderBy(f => f.Key, StringComparer.Ordinal)) yield return new(name, value);
        if (!string.IsNullOrWhiteSpace(Search)) yield return new("query", Search.Trim());
        // The mode is kept even before any text is typed, so it survives in the address; without a query the API ignores it.
        switch (Mode)
        {
            case SearchMode.Id: yield return new("id_search", "true"); break;
            case SearchMode.Name: yield return new("phonetic", "true"); break;
            case SearchMode.Phone: yield return new("phone_number", "true"); break;
        }
        if (OrderBy is not null)
        {
            yield return new("order_by", OrderBy);
            yield return new("order", Descending ? "desc" : "asc");
        }
        yield return new("page", Page.ToString(CultureInfo.InvariantCulture));
        yield return new("per", Per.ToString(CultureInfo.InvariantCulture));
    }

    public string ToQueryString() => string.Join("&", Parameters().Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

    public RecordListQuery WithFilter(string name, string? value)
    {
        var filters = new Dictionary<string, string>(Filters, StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value)) filters.Remove(name);
        else filters[name] = value;
        return this with { Filters = filters, Page = 1 };
    }

    /// <summary>
    /// The filters as a saved search keeps them (Primero's <c>[{name, value}]</c>): lists as arrays, ranges as
    /// <c>{from, to}</c>, the search text and its mode as their own entries.
    /// </summary>
    public JsonArray ToSavedFilters()
    {
        var filters = new JsonArray();
        foreach (var (name, value) in Parameters().Where(p => p.Key is not ("page" or "per" or "order" or "order_by")))
        {
            JsonNode node = ListParameters.Contains(name) ? JsonValue.Create(value)
                : new JsonArray([.. value.Split(',').Select(v => v.Contains("..", StringComparison.Ordinal) ? Range(v) : (JsonNode)JsonValue.Create(v))]);
            filters.Add(new JsonObject { ["name"] = name, ["value"] = node });
        }
        return filters;
    }

    /// <summary>A saved search's filters as a list query; values it cannot read are left out.</summary>
    public static RecordListQuery FromSavedFilters(JsonArray filters)
    {
        var pairs = new List<string>();
        foreach (var filter in filters.OfType<JsonObject>())
        {
            if (filter["name"] is not JsonValue n || !n.TryGetValue<string>(out var name) || name.Length == 0) continue;
            var value = filter["value"] switch
            {
                JsonArray items => string.Join(",", items.Select(ValueText).Where(v => v.Length > 0)),
                var single => ValueText(single),
            };
            if (value.Length > 0) pairs.Add(Encode(name) + "=" + Encode(value));
        }
        pairs.Add("page=1");
        return FromQueryString(string.Join("&", pairs));
    }

    private static JsonObject Range(string value)
    {
        var dots = value.IndexOf("..", StringComparison.Ordinal);
        var range = new JsonObject();
        if (dots > 0) range["from"] = value[..dots];
        if (dots + 2 < value.Length) range["to"] = value[(dots + 2)..];
        return range;
    }

    private static string ValueText(JsonNode? node) => node switch
    {
        JsonObject range => $"{Str(range["from"])}..{Str(range["to"])}" is var text && text != ".." ? text : "",
        _ => Str(node),
    };

    private static string Str(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    // Keeps ':' and ',' and '.' readable in the address bar; the server reads them the same either way.
    private static string Encode(string text) => Uri.EscapeDataString(text).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);

    private static List<KeyValuePair<string, string>> Parse(string? queryString)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(queryString)) return result;
        foreach (var part in queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            if (key.Length > 0) result.Add(new(key, value));
        }
        return result;
    }
}
