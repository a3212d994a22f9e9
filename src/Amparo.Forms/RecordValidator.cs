using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>One problem with a record's data: the JSON pointer (<see cref="Path"/>) of the property and what is wrong.</summary>
public sealed record ValidationError(string Path, string Problem);

/// <summary>
/// The longest text answer each text field type takes, in UTF-16 characters. A single-line answer (a name, a place) is
/// short; a text area holds a narrative. Without a limit an answer of a million characters is stored and sent to every
/// reader of the record. The server reads its figures from configuration.
/// </summary>
public sealed record TextLimits(int TextField = 1_000, int TextArea = 50_000)
{
    public static TextLimits Default { get; } = new();
}

/// <summary>Gives the options of a named option source (a lookup, locations, agencies, users); null when unknown.</summary>
public interface IOptionResolver
{
    IReadOnlyList<FieldOption>? Options(string source);
}

/// <summary>
/// Checks a record's answers against its forms, the same way on the server and in the browser:
/// what may be written (<see cref="Sanitize"/>), whether each value has the field's type, options and range
/// (<see cref="ValidateTypes"/>), whether chosen options are offered under the record's other answers
/// (<see cref="ValidateOfferedOptions"/>), and whether required answers are there (<see cref="ValidateRequired"/>).
/// </summary>
public static class RecordValidator
{
    public const string RowId = "unique_id";
    public const string RowDestroy = "_destroy";

    /// <summary>
    /// Keeps only keys that name a field a person may answer (or one of <paramref name="systemKeys"/>); everything
    /// else — unknown keys, read-only and calculated fields — is dropped silently, as Primero does. Subform rows are
    /// sanitised against their own form.
    /// </summary>
    public static JsonObject Sanitize(JsonObject input, FormSchema schema, IReadOnlySet<string>? systemKeys = null)
    {
        var result = new JsonObject();
        foreach (var (key, value) in input)
        {
            if (systemKeys?.Contains(key) == true) { result[key] = value?.DeepClone(); continue; }
            if (schema.Find(key) is not { } field || !IsInput(field)) continue;
            if (field is SubformField sub && value is JsonArray rows && schema.RowSchema(sub) is { } rowSchema)
            {
                var cleaned = new JsonArray();
                foreach (var row in rows)
                {
                    if (row is not JsonObject r) { cleaned.Add((JsonNode?)row?.DeepClone()); continue; }
                    cleaned.Add((JsonNode)Sanitize(r, rowSchema, RowKeys));
                }
                result[key] = cleaned;
                continue;
            }
            result[key] = value?.DeepClone();
        }
        return result;
    }

    private static readonly HashSet<string> RowKeys = [RowId, RowDestroy];

    /// <summary>Fields whose value lives in the record's document (not separators, links or uploads, which are stored apart).</summary>
    public static bool IsStored(Field field) => field is not (SeparatorField or UploadField or LinkToFormField);

    /// <summary>Fields a person types or picks an answer into.</summary>
    public static bool IsInput(Field field) => IsStored(field) && field.IsUserEditable && field is not CalculatedField;

    public static IReadOnlyList<ValidationError> ValidateTypes(JsonObject data, FormSchema schema, IOptionResolver? options = null, DateOnly? today = null,
        TextLimits? limits = null)
    {
        var errors = new List<ValidationError>();
        ValidateObject(data, schema, new Context(options, today, limits ?? TextLimits.Default), "", errors);
        return errors;
    }

    private sealed record Context(IOptionResolver? Options, DateOnly? Today, TextLimits Limits);

    private static void ValidateObject(JsonObject data, FormSchema schema, Context context, string prefix, List<ValidationError> errors)
    {
        foreach (var (key, value) in data)
        {
            var pointer = prefix + "/" + EscapePointer(key);
            if (key == RowId && prefix.Length > 0)
            {
                if (value is not null && !(value is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out _)))
                    errors.Add(new(pointer, "must be a UUID"));
                continue;
            }
            if (key == RowDestroy && prefix.Length > 0)
            {
                if (value is not null && !IsBool(value)) errors.Add(new(pointer, "must be true or false"));
                continue;
            }
            if (schema.Find(key) is not { } field) continue;
            if (Check(field, value, schema, context, pointer, errors) is { } problem) errors.Add(new(pointer, problem));
        }
    }

    /// <summary>Returns the problem with one value, or null when it fits the field.</summary>
    private static string? Check(Field field, JsonNode? value, FormSchema schema, Context context, string pointer, List<ValidationError> errors)
    {
        if (value is null) return null;
        switch (field)
        {
            case TextField or TextAreaField:
                if (!IsString(value)) return "must be text";
                var limit = field is TextAreaField ? context.Limits.TextArea : context.Limits.TextField;
                return value.GetValue<string>().Length > limit ? $"must be at most {limit} characters" : null;
            case TickBoxField:
                return IsBool(value) ? null : "must be true or false";
            case NumericField n:
                if (!TryGetInteger(value, out var number) || number < int.MinValue || number > int.MaxValue)
                    return "must be a whole number";
                if (n.Min is { } min && number < min) return $"must be at least {min}";
                if (n.Max is { } max && number > max) return $"must be at most {max}";
                return null;
            case DateField d:
                if (!IsString(value) || !IsDate(value.GetValue<string>(), d.IncludeTime)) return "must be a date (YYYY-MM-DD)";
                return d.NotFutureDate && context.Today is { } today && DateOf(value.GetValue<string>()) > today ? "must not be in the future" : null;
            case DateRangeField r:
                if (value is not JsonObject range) return "must be a date range";
                foreach (var end in new[] { "from", "to" })
                    if (range[end] is { } e && (!IsString(e) || !IsDate(e.GetValue<string>(), r.IncludeTime))) return $"'{end}' must be a date";
                return range["from"] is JsonValue f && range["to"] is JsonValue t && DateOf(f.GetValue<string>()) > DateOf(t.GetValue<string>())
                    ? "must not end before it starts" : null;
            case SelectField s:
                var choices = OptionsOf(s, context.Options);
                if (s.Multiple)
                {
                    if (value is not JsonArray items || items.Any(i => i is null || !IsString(i))) return "must be a list of options";
                    return items.All(i => IsOption(choices, i!.GetValue<string>())) ? null : "is not one of the options";
                }
                return IsString(value) && IsOption(choices, value.GetValue<string>()) ? null : "is not one of the options";
            case RadioField r:
                if (IsBool(value)) return null;
                return IsString(value) && IsOption(OptionsOf(r, context.Options), value.GetValue<string>()) ? null : "is not one of the options";
            case TallyField tally:
                if (value is not JsonObject counts) return "must be an object of counts";
                var keys = tally.Tally.Select(o => o.Id).Append("total").ToHashSet(StringComparer.Ordinal);
                if (tally.Tally.Count > 0 && counts.Any(kv => !keys.Contains(kv.Key))) return "has a category that is not in the tally";
                return counts.All(kv => kv.Value is null || (TryGetInteger(kv.Value, out var c) && c >= 0))
                    ? null : "counts must be whole numbers, zero or more";
            case SubformField sub:
                if (value is not JsonArray rows) return "must be a list of rows";
                var rowSchema = schema.RowSchema(sub);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i] is not JsonObject row) { errors.Add(new($"{pointer}/{i}", "must be a row object")); continue; }
                    if (rowSchema is not null) ValidateObject(row, rowSchema, context, $"{pointer}/{i}", errors);
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The options a choice field offers: its own, or its named source's; null when they cannot be known here.</summary>
    public static IReadOnlyList<FieldOption>? OptionsOf(ChoiceField field, IOptionResolver? resolver) => field.Options switch
    {
        OptionSource.Inline inline => inline.Options.Count == 0 ? null : inline.Options,
        OptionSource.Named named => resolver?.Options(named.Source),
        _ => null,
    };

    private static bool IsOption(IReadOnlyList<FieldOption>? options, string id) => options is null || options.Any(o => o.Id == id);

    /// <summary>
    /// Chosen options that the field's option conditions do not offer under the record's answers (e.g. an armed
    /// group picked while the perpetrator category says "armed force"). Only fields present in <paramref name="input"/>
    /// are checked, so an old answer does not block an unrelated edit.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateOfferedOptions(JsonObject input, JsonObject record, FormSchema schema, IOptionResolver? resolver)
    {
        var errors = new List<ValidationError>();
        OfferedIn(input, record, schema, resolver, "", errors);
        return errors;
    }

    /// <summary>Top-level choices read the record; a subform row's choices read the row (Primero evaluates them there).</summary>
    private static void OfferedIn(JsonObject input, JsonObject scope, FormSchema schema, IOptionResolver? resolver, string prefix, List<ValidationError> errors)
    {
        foreach (var (key, _) in input)
        {
            switch (schema.Find(key))
            {
                case ChoiceField { OptionConditions.Count: > 0 } field when OptionsOf(field, resolver) is { } options:
                    var chosen = scope[key] switch
                    {
                        JsonArray a => a.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : null),
                        JsonValue v when v.TryGetValue<string>(out var s) => [s],
                        _ => [],
                    };
                    foreach (var id in chosen.OfType<string>())
                        if (options.FirstOrDefault(o => o.Id == id) is { } option && !field.Offers(option, scope))
                            errors.Add(new(prefix + "/" + EscapePointer(key), "is not offered for the other answers"));
                    break;
                case SubformField sub when scope[key] is JsonArray rows && schema.RowSchema(sub) is { } rowSchema:
                    for (var i = 0; i < rows.Count; i++)
                        if (rows[i] is JsonObject row) OfferedIn(row, row, rowSchema, resolver, $"{prefix}/{EscapePointer(key)}/{i}", errors);
                    break;
            }
        }
    }

    /// <summary>
    /// Answers in <paramref name="sent"/> that contradict the rules after they were applied to <paramref name="record"/>:
    /// an answer to a field skip logic hides. A client that follows the form never sends one; one that does gets a 422
    /// naming the field, rather than having its answer silently dropped. (A hidden field's old answer that the write made
    /// moot is just removed.) A calculated field's value is not held against the sender: clients that follow the form
    /// compute and send it too (Primero's does), nobody typed it, and the rules have already replaced it with the
    /// server's result, which is what is stored.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateAgainstRules(JsonObject sent, FormSchema schema, RuleOutcome outcome)
    {
        var errors = new List<ValidationError>();
        foreach (var (key, value) in sent)
        {
            if (value is null || schema.Find(key) is null) continue;
            var pointer = "/" + EscapePointer(key);
            if (outcome.IsHidden(pointer) && !IsBlank(value)) errors.Add(new(pointer, "is hidden by the form's conditions"));
        }
        return errors;
    }

    /// <summary>
    /// Required fields without an answer in the (merged) record, subform rows included. Fields hidden by skip logic
    /// (listed in <paramref name="hidden"/> as returned by <see cref="RecordRules.Apply"/>) are not required.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateRequired(JsonObject record, FormSchema schema, RuleOutcome? hidden = null)
    {
        var errors = new List<ValidationError>();
        RequiredIn(record, schema, "", hidden, errors);
        return errors;
    }

    private static void RequiredIn(JsonObject data, FormSchema schema, string prefix, RuleOutcome? hidden, List<ValidationError> errors)
    {
        foreach (var field in schema.Fields.Values)
        {
            var pointer = prefix + "/" + EscapePointer(field.Name);
            if (hidden?.IsHidden(pointer) == true || !IsInput(field)) continue;
            if (field.Required && IsBlank(data[field.Name])) errors.Add(new(pointer, "is required"));
            if (field is SubformField sub && data[field.Name] is JsonArray rows && schema.RowSchema(sub) is { } rowSchema)
                for (var i = 0; i < rows.Count; i++)
                    if (rows[i] is JsonObject row) RequiredIn(row, rowSchema, $"{pointer}/{i}", hidden, errors);
        }
    }

    public static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    /// <summary>
    /// A whole number, whether the value was parsed from JSON or built in code (<c>JsonValue.Create(12)</c>
    /// holds an int that <c>TryGetValue&lt;long&gt;</c> refuses); its JSON text decides, the same for both.
    /// </summary>
    public static bool TryGetInteger(JsonNode node, out long number)
    {
        number = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsString(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static bool IsBool(JsonNode node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    /// <summary>Primero accepts <c>YYYY-MM-DD</c> or an ISO date-time for date fields.</summary>
    public static bool IsDate(string text, bool includeTime = false)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return true;
        return text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
            && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || (includeTime && text[10] == ' '));
    }

    private static DateOnly DateOf(string text) => DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string EscapePointer(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
