namespace Amparo.Server.Platform.Api;

/// <summary>Reads Primero's list filters, which arrive plain (<c>disabled=true</c>), as arrays
/// (<c>disabled[]=true</c>) or as indexed hashes (<c>disabled[0]=true&amp;disabled[1]=false</c>).</summary>
internal static class QueryFilters
{
    public static List<string> Values(IQueryCollection query, string name) =>
        [.. query.Where(kv => kv.Key == name || kv.Key == name + "[]" || (kv.Key.StartsWith(name + "[", StringComparison.Ordinal) && kv.Key.EndsWith(']')))
            .SelectMany(kv => kv.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>The booleans asked for; empty means no filter.</summary>
    public static List<bool> Booleans(IQueryCollection query, string name) =>
        [.. Values(query, name).Select(v => bool.TryParse(v, out var b) ? (bool?)b : null).OfType<bool>()];

    /// <summary>True when the list should be paginated: Primero paginates some lists only when asked.</summary>
    public static bool AsksForPaging(IQueryCollection query) => query.ContainsKey("page") || query.ContainsKey("per");
}
