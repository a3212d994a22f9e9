using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>
/// Primero's PATCH merge: objects merge deeply; subform rows (arrays of objects) merge by
/// <c>unique_id</c>, unmatched incoming rows are appended, rows sent with <c>_destroy: true</c> are removed,
/// and rows not mentioned are kept; so <c>[]</c> leaves a subform alone while <c>null</c> clears it.
/// Anything else is replaced.
/// </summary>
public static class RecordMerge
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> in place; returns the top-level keys whose value changed.</summary>
    public static IReadOnlyList<string> Apply(JsonObject target, JsonObject patch, Func<Guid>? newRowId = null)
    {
        newRowId ??= Guid.CreateVersion7;
        var changed = new List<string>();
        foreach (var (key, incoming) in patch)
        {
            var before = target[key]?.DeepClone();
            target[key] = MergeValue(target[key], incoming, newRowId);
            if (!JsonNode.DeepEquals(before, target[key]) || (before is null && !target.ContainsKey(key)))
                changed.Add(key);
        }
        return changed;
    }

    private static JsonNode? MergeValue(JsonNode? existing, JsonNode? incoming, Func<Guid> newRowId)
    {
        switch (existing, incoming)
        {
            case (JsonObject e, JsonObject i):
                var merged = (JsonObject)e.DeepClone();
                foreach (var (k, v) in i) merged[k] = MergeValue(merged[k], v, newRowId);
                return merged;
            case (JsonArray e, JsonArray i) when IsRows(e) && IsRows(i):
                return MergeRows(e, i, newRowId);
            case (null, JsonArray i) when i.Count > 0 && IsRows(i):
                return MergeRows([], i, newRowId);
            default:
                return incoming?.DeepClone();
        }
    }

    private static bool IsRows(JsonArray a) => a.All(n => n is JsonObject);

    private static JsonArray MergeRows(JsonArray existing, JsonArray incoming, Func<Guid> newRowId)
    {
        var rows = existing.Select(r => (JsonObject)r!.DeepClone()).ToList();
        foreach (var row in incoming.Cast<JsonObject>())
        {
            var id = RowId(row);
            var match = id is null ? -1 : rows.FindIndex(r => RowId(r) == id);
            if (match >= 0)
            {
                rows[match] = (JsonObject)MergeValue(rows[match], row, newRowId)!;
            }
            else
            {
                var added = (JsonObject)row.DeepClone();
                if (id is null) added["unique_id"] = newRowId().ToString();
                rows.Add(added);
            }
        }
        rows.RemoveAll(r => r["_destroy"] is JsonValue v && v.TryGetValue<bool>(out var d) && d);
        foreach (var r in rows) r.Remove("_destroy");
        return [.. rows];
    }

    private static string? RowId(JsonObject row) =>
        row["unique_id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
