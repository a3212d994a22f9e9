using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>One problem with a record's data: the JSON pointer (<see cref="Path"/>) of the property and what is wrong.</summary>
public sealed record ValidationError(string Path, string Problem);

/// <summary>Gives the option ids of a named option source (a lookup, locations, agencies...); null when unknown.</summary>
public interface IOptionResolver
{
    IReadOnlySet<string>? OptionIds(string source);
}

/// <summary>
/// Checks a record's answers against its forms, the same way on the server and in the browser:
/// what may be written (<see cref="Sanitize"/>), whether each value has the field's type
/// (<see cref="ValidateTypes"/>), and whether required answers are there (<see cref="ValidateRequired"/>).
/// </summary>
public static class RecordValidator
{
    private const string RowId = "unique_id";
    private const string RowDestroy = "_destroy";

    /// <summary>
    /// Keeps only keys that name a writable field of the schema (or one of <paramref name="systemKeys"/>);
    /// everything else is dropped silently, as Primero does. Subform rows are sanitised against their own form.
    /// </summary>
    public static JsonObject Sanitize(JsonObject input, FormSchema schema, IReadOnlySet<string>? systemKeys = null)
    {
        var result = new JsonObject();
        foreach (var (key, value) in input)
        {
            if (systemKeys?.Contains(key) == true) { result[key] = value?.DeepClone(); continue; }
            if (schema.Find(key) is not { } field || !IsStored(field) || !field.IsUserEditable) continue;
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

    /// <summary>Fields whose value lives in the record's document (not separators, uploads or calculated values).</summary>
    public static bool IsStored(Field field) => field is not (SeparatorField or UploadField or CalculatedField);

    public static IReadOnlyList<ValidationError> ValidateTypes(JsonObject data, FormSchema schema, IOptionResolver? options = null)
    {
        var errors = new List<ValidationError>();
        ValidateObject(data, schema, options, "", errors);
        return errors;
    }

    private static void ValidateObject(JsonObject data, FormSchema schema, IOptionResolver? options, string prefix, List<ValidationError> errors)
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
            if (Check(field, value, schema, options, pointer, errors) is { } problem) errors.Add(new(pointer, problem));
        }
    }

    /// <summary>Returns the problem with one value, or null when it fits the field.</summary>
    private static string? Check(Field field, JsonNode? value, FormSchema schema, IOptionResolver? options, string pointer, List<ValidationError> errors)
    {
        if (value is null) return null;
        switch (field)
        {
            case TextField or TextAreaField:
                return IsString(value) ? null : "must be text";
            case TickBoxField:
                return IsBool(value) ? null : "must be true or false";
            case NumericField n:
                if (!TryGetInteger(value, out var number) || number < int.MinValue || number > int.MaxValue)
                    return "must be a whole number";
                if (n.Min is { } min && number < min) return $"must be at least {min}";
                if (n.Max is { } max && number > max) return $"must be at most {max}";
                return null;
            case DateField d:
                return IsString(value) && IsDate(value.GetValue<string>(), d.IncludeTime) ? null : "must be a date (YYYY-MM-DD)";
            case DateRangeField:
                return value is JsonObject ? null : "must be a date range";
            case SelectField s:
                if (s.Multiple)
                {
                    if (value is not JsonArray items || items.Any(i => i is null || !IsString(i))) return "must be a list of options";
                    return items.All(i => IsOption(s.Options, i!.GetValue<string>(), options)) ? null : "is not one of the options";
                }
                return IsString(value) && IsOption(s.Options, value.GetValue<string>(), options) ? null : "is not one of the options";
            case RadioField r:
                if (IsBool(value)) return null;
                return IsString(value) && IsOption(r.Options, value.GetValue<string>(), options) ? null : "is not one of the options";
            case TallyField:
                if (value is not JsonObject tally) return "must be an object of counts";
                return tally.All(kv => kv.Value is null || TryGetInteger(kv.Value, out _))
                    ? null : "counts must be whole numbers";
            case SubformField sub:
                if (value is not JsonArray rows) return "must be a list of rows";
                var rowSchema = schema.RowSchema(sub);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i] is not JsonObject row) { errors.Add(new($"{pointer}/{i}", "must be a row object")); continue; }
                    if (rowSchema is not null) ValidateObject(row, rowSchema, options, $"{pointer}/{i}", errors);
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Required fields that have no answer in the (merged) record.</summary>
    public static IReadOnlyList<ValidationError> ValidateRequired(JsonObject record, FormSchema schema)
    {
        var errors = new List<ValidationError>();
        foreach (var field in schema.Fields.Values)
        {
            if (!field.Required || !IsStored(field) || !field.IsUserEditable) continue;
            if (IsBlank(record[field.Name])) errors.Add(new("/" + EscapePointer(field.Name), "is required"));
        }
        return errors;
    }

    public static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static bool IsOption(OptionSource source, string id, IOptionResolver? resolver) => source switch
    {
        OptionSource.Inline inline => inline.Options.Count == 0 || inline.Options.Any(o => o.Id == id),
        OptionSource.Named named => resolver?.OptionIds(named.Source) is not { } ids || ids.Contains(id),
        _ => true,
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

    private static string EscapePointer(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
