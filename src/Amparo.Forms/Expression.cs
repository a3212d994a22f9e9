using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>
/// Primero's evaluated expressions: JSON trees used for skip logic (<c>display_conditions_*</c>), conditional
/// options (<c>option_strings_condition</c>) and calculated fields. Comparators <c>eq gt ge lt le in</c>, logic
/// <c>and or not</c>, arithmetic <c>sum avg</c>. The same tree is evaluated in the browser and on the server, so
/// what the caseworker sees and what the server stores cannot disagree.
/// </summary>
public abstract record Expression
{
    private protected Expression() { }

    /// <summary>The JSON the expression was read from, written back unchanged (form round trips keep it as typed).</summary>
    public required JsonNode Source { get; init; }

    /// <summary>Evaluates as a condition: a number counts as true when it is not zero.</summary>
    public abstract bool Holds(JsonObject data);

    /// <summary>Evaluates as a number (sum, avg); a condition gives 1 or 0.</summary>
    public virtual double? Number(JsonObject data) => Holds(data) ? 1 : 0;

    /// <summary>The field names the expression reads (for the form builder's checks and for dependency order).</summary>
    public abstract IEnumerable<string> Fields { get; }

    /// <summary>
    /// Reads an expression. Besides the operator form it accepts Primero's shorthand: <c>{"sex":"female"}</c>
    /// is <c>eq</c>, several keys are <c>and</c>, a list value is <c>or</c> of <c>eq</c>, and a top-level list is
    /// <c>or</c>. Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static Expression Parse(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray list when list.Count > 0:
                return new Logic { Source = node, Operator = "or", Operands = [.. list.Select(Parse)] };
            case JsonObject o when o.Count == 1:
                var (key, value) = o.First();
                switch (key)
                {
                    case "and" or "or":
                        var operands = value is JsonArray items ? items.Select(Parse).ToList() : [Parse(value)];
                        if (operands.Count == 0) throw new FormatException($"'{key}' needs at least one condition.");
                        return new Logic { Source = node, Operator = key, Operands = operands };
                    case "not":
                        return new Negation { Source = node, Operand = Parse(value is JsonArray { Count: 1 } one ? one[0] : value) };
                    case "eq" or "gt" or "ge" or "lt" or "le" or "in":
                        if (value is not JsonObject { Count: 1 } comparison) throw new FormatException($"'{key}' takes one field and a value.");
                        var (field, operand) = comparison.First();
                        if (key == "in" && operand is not JsonArray) throw new FormatException("'in' takes a list of values.");
                        if (key is "gt" or "ge" or "lt" or "le" && !IsNumber(operand) && !IsDateText(operand))
                            throw new FormatException($"'{key}' compares with a number or a date.");
                        return new Comparison { Source = node, Operator = key, Field = field, Value = operand?.DeepClone() };
                    case "sum":
                        return new Sum { Source = node, Terms = ReadTerms(value) };
                    case "avg":
                        // {"avg": [..]} or {"avg": {"data": [..], "extra": {"decimalPlaces": n}}}
                        if (value is JsonObject avg && avg["data"] is { } data)
                            return new Average
                            {
                                Source = node,
                                Terms = ReadTerms(data),
                                DecimalPlaces = avg["extra"] is JsonObject extra ? JsonRead.Number(extra, "decimalPlaces") : null,
                            };
                        return new Average { Source = node, Terms = ReadTerms(value) };
                    default:
                        return Shorthand(node, key, value);
                }
            case JsonObject o when o.Count > 1:
                return new Logic { Source = node, Operator = "and", Operands = [.. o.Select(kv => Shorthand(new JsonObject { [kv.Key] = kv.Value?.DeepClone() }, kv.Key, kv.Value))] };
            default:
                throw new FormatException("An expression is a JSON object such as {\"eq\": {\"field\": \"value\"}}.");
        }
    }

    /// <summary>Reads an optional expression property; null when absent, empty or not an expression.</summary>
    public static Expression? TryParse(JsonNode? node)
    {
        if (node is null || node is JsonObject { Count: 0 } || node is JsonArray { Count: 0 }) return null;
        try { return Parse(node); }
        catch (FormatException) { return null; }
    }

    private static Expression Shorthand(JsonNode source, string field, JsonNode? value) => value is JsonArray options
        ? new Logic
        {
            Source = source,
            Operator = "or",
            Operands = [.. options.Select(v => (Expression)new Comparison { Source = source, Operator = "eq", Field = field, Value = v?.DeepClone() })],
        }
        : new Comparison { Source = source, Operator = "eq", Field = field, Value = value?.DeepClone() };

    private static List<Term> ReadTerms(JsonNode? node)
    {
        if (node is not JsonArray items) throw new FormatException("Arithmetic takes a list of fields, numbers or expressions.");
        return [.. items.Select(item => item switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => new Term(v.GetValue<string>(), null, null),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => new Term(null, NumberOf(v), null),
            JsonObject => new Term(null, null, Parse(item)),
            _ => throw new FormatException("Arithmetic takes a list of fields, numbers or expressions."),
        })];
    }

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    private static bool IsDateText(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && RecordValidator.IsDate(s, includeTime: true);

    /// <summary>A number read from a record's answer: JSON numbers, and numeric text (as JavaScript's unary plus reads it).</summary>
    internal static double? AsNumber(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => NumberOf(v),
        // A tally counts as its total (household size = adults + the children tally).
        JsonObject tally when tally["total"] is JsonValue total => AsNumber(total),
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => 1,
        _ => null,
    };

    /// <summary>
    /// The number a JSON number holds, whether parsed or built in code (<c>JsonValue.Create(2)</c> holds an int that
    /// <c>GetValue&lt;double&gt;</c> refuses): its JSON text decides.
    /// </summary>
    private static double NumberOf(JsonValue v) => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public sealed record Comparison : Expression
    {
        public required string Operator { get; init; }
        public required string Field { get; init; }
        public JsonNode? Value { get; init; }

        public override IEnumerable<string> Fields => [Field];

        public override bool Holds(JsonObject data)
        {
            var answer = data[Field];
            return Operator switch
            {
                "eq" => EqualTo(answer, Value),
                "in" => In(answer, (JsonArray)Value!),
                _ => Compare(answer, Value) is { } order && Operator switch
                {
                    "gt" => order > 0,
                    "ge" => order >= 0,
                    "lt" => order < 0,
                    _ => order <= 0,
                },
            };
        }

        private static bool EqualTo(JsonNode? answer, JsonNode? expected)
        {
            // "false" matches an unanswered tick box, as in Primero's client.
            if (expected is JsonValue f && f.GetValueKind() == JsonValueKind.False && answer is null) return true;
            if (expected is JsonValue e && e.TryGetValue<string>(out var text) && RecordValidator.IsDate(text, includeTime: true)
                && ParseDate(text) is { } wanted)
                return answer is JsonValue a && a.TryGetValue<string>(out var given) && ParseDate(given) == wanted;
            if (expected is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
                return answer is JsonValue a && a.GetValueKind() == JsonValueKind.Number && NumberOf(a) == NumberOf(n);
            return JsonNode.DeepEquals(answer, expected);
        }

        /// <summary>A multi-select answer must hold every listed value; a single answer must be one of them.</summary>
        private static bool In(JsonNode? answer, JsonArray values) => answer is JsonArray chosen
            ? values.All(v => chosen.Any(c => JsonNode.DeepEquals(c, v)))
            : answer is not null && values.Any(v => EqualTo(answer, v));

        /// <summary>Compares numbers with numbers and dates with dates; anything else (or no answer) does not compare.</summary>
        private static int? Compare(JsonNode? answer, JsonNode? expected)
        {
            if (answer is null) return null;
            if (expected is JsonValue e && e.TryGetValue<string>(out var text))
                return ParseDate(text) is { } bound && answer is JsonValue a && a.TryGetValue<string>(out var given) && ParseDate(given) is { } date
                    ? date.CompareTo(bound) : null;
            return AsNumber(answer) is { } number && AsNumber(expected) is { } limit ? number.CompareTo(limit) : null;
        }

        private static DateTimeOffset? ParseDate(string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
    }

    public sealed record Logic : Expression
    {
        public required string Operator { get; init; }
        public required IReadOnlyList<Expression> Operands { get; init; }

        public override IEnumerable<string> Fields => Operands.SelectMany(o => o.Fields);

        public override bool Holds(JsonObject data) => Operator == "and" ? Operands.All(o => o.Holds(data)) : Operands.Any(o => o.Holds(data));
    }

    public sealed record Negation : Expression
    {
        public required Expression Operand { get; init; }

        public override IEnumerable<string> Fields => Operand.Fields;

        public override bool Holds(JsonObject data) => !Operand.Holds(data);
    }

    /// <summary>True when the terms read fields and none of them has an answer: a calculation over nothing is no value.</summary>
    private static bool NothingAnswered(IReadOnlyList<Term> terms, JsonObject data) =>
        terms.Any(t => t.Field is not null || t.Nested is not null) && terms.All(t => t.Constant is not null || t.Value(data) is null);

    /// <summary>A term of a sum or average: a field's answer, a number, or a nested expression.</summary>
    public sealed record Term(string? Field, double? Constant, Expression? Nested)
    {
        public double? Value(JsonObject data) => Field is not null ? AsNumber(data[Field]) : Constant ?? Nested?.Number(data);
    }

    public sealed record Sum : Expression
    {
        public required IReadOnlyList<Term> Terms { get; init; }

        public override IEnumerable<string> Fields => Terms.SelectMany(t => t.Field is not null ? [t.Field] : t.Nested?.Fields ?? []);

        /// <summary>Unanswered fields count as zero; with none of its fields answered there is no sum (not 0).</summary>
        public override double? Number(JsonObject data) => NothingAnswered(Terms, data) ? null : Terms.Sum(t => t.Value(data) ?? 0);

        public override bool Holds(JsonObject data) => Number(data) is { } n && n != 0;
    }

    public sealed record Average : Expression
    {
        public required IReadOnlyList<Term> Terms { get; init; }
        /// <summary>Rounding of the result; without it the average is rounded down to a whole number (Primero's behaviour).</summary>
        public int? DecimalPlaces { get; init; }

        public override IEnumerable<string> Fields => Terms.SelectMany(t => t.Field is not null ? [t.Field] : t.Nested?.Fields ?? []);

        /// <summary>The sum over the number of fields answered (constants and nested terms do not count).</summary>
        public override double? Number(JsonObject data)
        {
            if (NothingAnswered(Terms, data)) return null;
            var sum = Terms.Sum(t => t.Value(data) ?? 0);
            var answered = Terms.Count(t => t.Field is not null && !RecordValidator.IsBlank(data[t.Field]));
            var average = sum / Math.Max(answered, 1);
            return DecimalPlaces is { } places
                ? Math.Round(average, Math.Clamp(places, 0, 15), MidpointRounding.AwayFromZero)
                : Math.Floor(average);
        }

        public override bool Holds(JsonObject data) => Number(data) is { } n && n != 0;
    }
}
