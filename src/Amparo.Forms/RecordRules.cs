using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>What <see cref="RecordRules.Apply"/> did: the fields skip logic hides (JSON pointers), and the answers it removed or computed.</summary>
public sealed class RuleOutcome
{
    internal HashSet<string> Hidden { get; } = new(StringComparer.Ordinal);
    internal List<string> ClearedList { get; } = [];
    internal List<string> ComputedList { get; } = [];

    /// <summary>True when the field at this pointer (e.g. <c>/pregnant</c> or <c>/services_section/0/service_notes</c>) is hidden.</summary>
    public bool IsHidden(string path) => Hidden.Contains(path);

    public IReadOnlyCollection<string> HiddenFields => Hidden;
    /// <summary>Top-level keys whose answers were dropped because their field is hidden.</summary>
    public IReadOnlyList<string> Cleared => ClearedList;
    /// <summary>Top-level keys whose value was (re)computed: calculated fields and tally totals.</summary>
    public IReadOnlyList<string> Computed => ComputedList;
}

/// <summary>
/// The rules an administrator configures, applied to a record's whole document: skip logic (a field whose
/// condition does not hold is hidden and its answer is not kept), calculated fields and tally totals (recomputed
/// from the answers, never taken from the client). The browser runs this on every change to show the form; the
/// server runs it on every write, so the rules hold even for clients that ignore them.
/// </summary>
public static class RecordRules
{
    /// <summary>Conditions may depend on fields that are themselves conditional; a few passes settle any real form.</summary>
    private const int MaxPasses = 8;

    /// <summary>Applies skip logic and calculations to <paramref name="record"/> in place.</summary>
    public static RuleOutcome Apply(JsonObject record, FormSchema schema)
    {
        var outcome = new RuleOutcome();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            outcome.Hidden.Clear();
            if (!ApplyOnce(record, schema, outcome)) break;
        }
        return outcome;
    }

    private static bool ApplyOnce(JsonObject record, FormSchema schema, RuleOutcome outcome)
    {
        var changed = false;
        foreach (var form in schema.Forms)
        {
            var formShown = form.ShowWhen?.Holds(record) ?? true;
            foreach (var field in form.Fields)
            {
                if (schema.FormOf(field.Name) != form) continue; // a field defined twice follows its first form
                var pointer = "/" + RecordValidator.EscapePointer(field.Name);
                if (!formShown || !(field.ShowWhen?.Holds(record) ?? true))
                {
                    outcome.Hidden.Add(pointer);
                    if (RecordValidator.IsStored(field) && record.ContainsKey(field.Name) && record[field.Name] is not null)
                    {
                        record.Remove(field.Name);
                        Note(outcome.ClearedList, field.Name);
                        changed = true;
                    }
                    continue;
                }
                changed |= Compute(record, field, record, field.Name, outcome);
                if (field is SubformField sub && record[field.Name] is JsonArray rows && schema.RowSchema(sub) is { } rowSchema)
                    for (var i = 0; i < rows.Count; i++)
                        if (rows[i] is JsonObject row) changed |= ApplyToRow(record, row, rowSchema, $"{pointer}/{i}", field.Name, outcome);
            }
        }
        return changed;
    }

    /// <summary>A subform row: its fields' row conditions read the row; record conditions read the record.</summary>
    private static bool ApplyToRow(JsonObject record, JsonObject row, FormSchema rowSchema, string prefix, string topKey, RuleOutcome outcome)
    {
        var changed = false;
        foreach (var field in rowSchema.Fields.Values)
        {
            var shown = (field.ShowWhenInRow?.Holds(row) ?? true) && (field.ShowWhen?.Holds(record) ?? true);
            if (!shown)
            {
                outcome.Hidden.Add(prefix + "/" + RecordValidator.EscapePointer(field.Name));
                if (RecordValidator.IsStored(field) && row[field.Name] is not null)
                {
                    row.Remove(field.Name);
                    Note(outcome.ClearedList, topKey);
                    changed = true;
                }
                continue;
            }
            changed |= Compute(row, field, row, topKey, outcome);
        }
        return changed;
    }

    /// <summary>Recomputes a calculated field (from <paramref name="scope"/>) or a tally's total; true when the stored value changed.</summary>
    private static bool Compute(JsonObject target, Field field, JsonObject scope, string topKey, RuleOutcome outcome)
    {
        JsonNode? value;
        switch (field)
        {
            case CalculatedField { Calculation: { } calculation }:
                value = calculation.Number(scope) is { } n && double.IsFinite(n) ? NumberNode(n) : null;
                break;
            case TallyField { AutosumTotal: true } tally when target[field.Name] is JsonObject counts:
                long total = 0;
                foreach (var option in tally.Tally)
                    if (counts[option.Id] is { } c && RecordValidator.TryGetInteger(c, out var count)) total += count;
                if (RecordValidator.TryGetInteger(counts["total"] ?? JsonValue.Create(-1), out var stored) && stored == total) return false;
                counts["total"] = total;
                Note(outcome.ComputedList, topKey);
                return true;
            default:
                return false;
        }
        if (JsonNode.DeepEquals(target[field.Name], value)) return false;
        if (value is null) target.Remove(field.Name);
        else target[field.Name] = value;
        Note(outcome.ComputedList, topKey);
        return true;
    }

    /// <summary>Whole results are stored as integers (<c>3</c>, not <c>3.0</c>), so they compare and display as typed.</summary>
    private static JsonValue NumberNode(double n) =>
        n == Math.Floor(n) && Math.Abs(n) < 9e15 ? JsonValue.Create((long)n) : JsonValue.Create(n);

    private static void Note(List<string> list, string key)
    {
        if (!list.Contains(key)) list.Add(key);
    }

    /// <summary>Whether a field is shown for the record's current answers (the client's live view of the same rules).</summary>
    public static bool IsShown(Field field, FormSection? form, JsonObject record, JsonObject? row = null) =>
        (form?.ShowWhen?.Holds(record) ?? true)
        && (field.ShowWhen?.Holds(record) ?? true)
        && (row is null || (field.ShowWhenInRow?.Holds(row) ?? true));
}
