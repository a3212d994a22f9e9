using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Amparo.Server.Features.Records;

/// <summary>
/// A record-list filter as Primero's query string states it (API reference §1.7), before the field's type gives
/// its values a meaning: that is <see cref="RecordFilterQuery"/>'s job, so this part needs no database.
/// </summary>
internal abstract record RecordFilter
{
    /// <summary>The field holds one of these values or lies in one of these ranges.</summary>
    public sealed record Match(string Field, IReadOnlyList<FilterValue> AnyOf) : RecordFilter;

    /// <summary><c>loc:field=CODE</c>: the field holds one of these locations or a location below one of them.</summary>
    public sealed record InLocation(string Field, IReadOnlyList<string> Codes) : RecordFilter;

    public sealed record Or(IReadOnlyList<RecordFilter> Filters) : RecordFilter;

    public sealed record And(IReadOnlyList<RecordFilter> Filters) : RecordFilter;

    public sealed record Not(RecordFilter Filter) : RecordFilter;

    /// <summary>A compact, stable rendering, for tests and logs of the parser (no values are logged in production).</summary>
    public string Describe() => this switch
    {
        Match m => $"{m.Field} in [{string.Join(", ", m.AnyOf.Select(v => v.Describe()))}]",
        InLocation l => $"loc:{l.Field} in [{string.Join(", ", l.Codes)}]",
        Or o => $"or({string.Join("; ", o.Filters.Select(f => f.Describe()))})",
        And a => $"and({string.Join("; ", a.Filters.Select(f => f.Describe()))})",
        Not n => $"not({n.Filter.Describe()})",
        _ => throw new InvalidOperationException(),
    };
}

internal abstract record FilterValue
{
    public sealed record Exact(string Text) : FilterValue;

    /// <summary>Inclusive; a missing end is open.</summary>
    public sealed record Range(string? From, string? To) : FilterValue;

    public string Describe() => this switch
    {
        Exact e => e.Text,
        Range r => $"{r.From}..{r.To}",
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>
/// Turns the query string into filters. Rails-style keys nest (<c>status[0]</c>, <c>status[]</c>,
/// <c>created_at[from]</c>, <c>or[sex]</c>, <c>not[status][]</c>, <c>or[0][age]</c>); values split on commas and
/// <c>a..b</c> is a range. <c>resolve</c> names the field a parameter filters on, or null for
/// parameters that are not filters; those are ignored, as Primero ignores them.
/// </summary>
internal static class RecordFilterParser
{
    /// <summary>Parameters of the list itself, never filters even if a form has a field of that name.</summary>
    public static IReadOnlySet<string> Reserved => ListParameters.Reserved;

    private const string LocationPrefix = "loc:";

    public static IReadOnlyList<RecordFilter> Parse(IEnumerable<KeyValuePair<string, StringValues>> query, Func<string, string?> resolve)
    {
        var root = new Node();
        foreach (var (key, values) in query)
        {
            if (!TrySplitKey(key, out var name, out var path) || Reserved.Contains(name)) continue;
            var node = root.Child(name);
            foreach (var segment in path) node = node.Child(segment);
            foreach (var value in values)
                if (value is not null) node.Values.Add(value);
        }
        return FiltersOf(root, resolve);
    }

    /// <summary>Filters named by the children of a node: field names, <c>loc:</c> names, <c>or</c> and <c>not</c>.</summary>
    private static List<RecordFilter> FiltersOf(Node map, Func<string, string?> resolve)
    {
        var filters = new List<RecordFilter>();
        foreach (var (name, node) in map.Children)
        {
            switch (name)
            {
                case "or":
                    if (OrOf(node, resolve) is { } or) filters.Add(or);
                    break;
                case "not":
                    // Primero negates one filter; several are each negated ("none of these").
                    filters.AddRange(FiltersOf(node, resolve).Select(f => new RecordFilter.Not(f)));
                    break;
                default:
                    if (FieldFilter(name, node, resolve) is { } filter) filters.Add(filter);
                    break;
            }
        }
        return filters;
    }

    /// <summary><c>or[a]=x&amp;or[b]=y</c>, or groups <c>or[0][a]=x&amp;or[0][b]=y&amp;or[1][c]=z</c> (each group all-of).</summary>
    private static RecordFilter.Or? OrOf(Node node, Func<string, string?> resolve)
    {
        List<RecordFilter> alternatives;
        if (node.Children.Count > 0 && node.Children.Keys.All(IsIndex))
        {
            alternatives = [];
            foreach (var (_, group) in Indexed(node))
            {
                var all = FiltersOf(group, resolve);
                if (all.Count == 1) alternatives.Add(all[0]);
                else if (all.Count > 1) alternatives.Add(new RecordFilter.And(all));
            }
        }
        else
        {
            alternatives = FiltersOf(node, resolve);
        }
        // Alternatives on unknown fields are dropped like any unknown filter; none left means no condition at all.
        return alternatives.Count == 0 ? null : new RecordFilter.Or(alternatives);
    }

    private static RecordFilter? FieldFilter(string name, Node node, Func<string, string?> resolve)
    {
        if (name.StartsWith(LocationPrefix, StringComparison.Ordinal))
        {
            if (resolve(name[LocationPrefix.Length..]) is not { } locationField) return null;
            var codes = ValuesOf(node).OfType<FilterValue.Exact>().Select(v => v.Text).Distinct(StringComparer.Ordinal).ToList();
            return codes.Count == 0 ? null : new RecordFilter.InLocation(locationField, codes);
        }
        if (resolve(name) is not { } field) return null;
        var values = ValuesOf(node);
        // Primero's client names the relations of "my cases" as keys (my_cases[owned_by]=me); the value is the
        // caller's own name, which the server knows better than the query string does.
        if (field == "my_cases")
            values.AddRange(node.Children.Keys.Where(k => k.Length > 0 && !IsIndex(k)).Select(k => new FilterValue.Exact(k)));
        // An empty parameter (status=) states no condition.
        return values.Count == 0 ? null : new RecordFilter.Match(field, values);
    }

    private static List<FilterValue> ValuesOf(Node node)
    {
        var values = new List<FilterValue>();
        foreach (var raw in node.Values)
        {
            foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                values.Add(ValueOf(part));
        }
        if (node.Children.TryGetValue("from", out var from) | node.Children.TryGetValue("to", out var to))
        {
            var low = First(from);
            var high = First(to);
            if (low is not null || high is not null) values.Add(new FilterValue.Range(low, high));
        }
        foreach (var (_, item) in Indexed(node)) values.AddRange(ValuesOf(item));
        if (node.Children.TryGetValue("", out var listed)) values.AddRange(ValuesOf(listed));
        return values;
    }

    private static string? First(Node? node) =>
        node?.Values.Select(v => v.Trim()).FirstOrDefault(v => v.Length > 0);

    private static FilterValue ValueOf(string part)
    {
        var dots = part.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return new FilterValue.Exact(part);
        var from = part[..dots].Trim();
        var to = part[(dots + 2)..].Trim();
        return new FilterValue.Range(from.Length == 0 ? null : from, to.Length == 0 ? null : to);
    }

    private static bool IsIndex(string segment) => segment.Length is > 0 and <= 4 && segment.All(char.IsAsciiDigit);

    private static IEnumerable<(int Index, Node Node)> Indexed(Node node) =>
        node.Children.Where(c => IsIndex(c.Key)).Select(c => (int.Parse(c.Key, CultureInfo.InvariantCulture), c.Value)).OrderBy(c => c.Item1);

    /// <summary>Enough for <c>not[or][0][age][0][from]</c>; deeper keys would only nest expressions for nothing.</summary>
    private const int MaxDepth = 5;

    /// <summary><c>a[b][c]</c> → <c>a</c>, <c>[b, c]</c>; false for keys with unbalanced brackets or nested too deep.</summary>
    public static bool TrySplitKey(string key, out string name, out List<string> path)
    {
        path = [];
        var open = key.IndexOf('[', StringComparison.Ordinal);
        name = open < 0 ? key : key[..open];
        if (name.Length == 0) return false;
        if (open < 0) return !key.Contains(']', StringComparison.Ordinal);
        var i = open;
        while (i < key.Length)
        {
            if (key[i] != '[') return false;
            var close = key.IndexOf(']', i);
            if (close < 0) return false;
            var segment = key[(i + 1)..close];
            if (segment.Contains('[', StringComparison.Ordinal)) return false;
            path.Add(segment);
            if (path.Count > MaxDepth) return false;
            i = close + 1;
        }
        return true;
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
        public List<string> Values { get; } = [];

        public Node Child(string name)
        {
            if (!Children.TryGetValue(name, out var child)) Children[name] = child = new Node();
            return child;
        }
    }
}
