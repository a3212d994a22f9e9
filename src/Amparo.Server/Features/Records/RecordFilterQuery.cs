using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Amparo.Server.Features.Locations;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// Filters → one SQL predicate over <c>records</c>: system fields compare their columns, answers are read from the
/// JSON document through <see cref="JsonSql"/>, each by its field's <see cref="FilterKind"/>. A value that does not
/// fit the field (<c>age=abc</c>) matches nothing, as Primero answers such filters with an empty list.
/// Values are always query parameters; only validated field names are written into the SQL.
/// </summary>
internal sealed class RecordFilterQuery(AmparoDbContext db, RecordFilterFields fields)
{
    private const int MaxConditions = 500;
    private int _sideConditions;
    /// <summary>The user's own-role rule, asked by <see cref="BuildAsync"/> when a filter tests an answer.</summary>
    private Expression<Func<RecordEntity, bool>>? _ownRole;
    private static readonly ParameterExpression R = Expression.Parameter(typeof(RecordEntity), "r");
    private static readonly Expression False = Expression.Constant(false);
    private static readonly MethodInfo TextMethod = typeof(JsonSql).GetMethod(nameof(JsonSql.Text))!;
    private static readonly MethodInfo NumberMethod = typeof(JsonSql).GetMethod(nameof(JsonSql.Number))!;
    private static readonly MethodInfo BoolMethod = typeof(JsonSql).GetMethod(nameof(JsonSql.Bool))!;
    private static readonly MethodInfo ArrayMethod = typeof(JsonSql).GetMethod(nameof(JsonSql.Array))!;

    /// <summary>Null when there is nothing to filter.</summary>
    public async Task<Expression<Func<RecordEntity, bool>>?> BuildAsync(IReadOnlyList<RecordFilter> filters, CancellationToken ct)
    {
        if (filters.Count == 0) return null;
        if (filters.Any(OnAnswer)) _ownRole = await fields.OwnRoleAsync(db, ct);
        var paths = await LocationPathsAsync(filters, ct);
        var body = All([.. filters.Select(f => Body(f, paths))]);
        // SQLite refuses expressions nested deeper than 1000 and reads a chain of OR as nested; a filter that large
        // matches nothing, as Primero answers filters its database refuses. Value lists (IN) do not count.
        if (ConditionCounter.Count(body) + _sideConditions > MaxConditions) body = False;
        return Expression.Lambda<Func<RecordEntity, bool>>(body, R);
    }

    /// <summary>Whether a filter tests an answer anywhere inside it (only those need <see cref="RecordFilterFields.OwnRoleAsync"/>).</summary>
    private bool OnAnswer(RecordFilter filter) => filter switch
    {
        RecordFilter.Match m => fields.Data(m.Field) is not null,
        RecordFilter.InLocation l => fields.Data(l.Field) is not null,
        RecordFilter.Or o => o.Filters.Any(OnAnswer),
        RecordFilter.And a => a.Filters.Any(OnAnswer),
        RecordFilter.Not n => OnAnswer(n.Filter),
        _ => false,
    };

    private Expression Body(RecordFilter filter, IReadOnlyDictionary<string, string> paths) => filter switch
    {
        RecordFilter.Match m => Match(m),
        RecordFilter.InLocation l => InLocation(l, paths),
        RecordFilter.Or o => AnyOf([.. o.Filters.Select(f => Body(f, paths))]),
        RecordFilter.And a => All([.. a.Filters.Select(f => Body(f, paths))]),
        RecordFilter.Not n => Expression.Not(Body(n.Filter, paths)),
        _ => throw new InvalidOperationException($"Unknown filter {filter.GetType().Name}"),
    };

    private Expression Match(RecordFilter.Match m)
    {
        var exact = m.AnyOf.OfType<FilterValue.Exact>().Select(e => e.Text).ToList();
        var ranges = m.AnyOf.OfType<FilterValue.Range>().ToList();
        return fields.Data(m.Field) is { } data
            ? Readable(data, Answer(data, exact, reads => AnswerMatch(data, exact, ranges, reads)))
            : ColumnMatch(m.Field, exact, ranges);
    }

    /// <summary>How an answer is read: its typed values, and "the array holds one of these options".</summary>
    private sealed record Reads(Expression Text, Expression Number, Expression Bool, Func<List<string>, Expression> HoldsAny);

    private static readonly ParameterExpression V = Expression.Parameter(typeof(RecordValue), "v");

    /// <summary>The columns of a <c>record_values</c> row, each set only for a value of its JSON type, as <see cref="JsonSql"/> reads.</summary>
    private static readonly Reads ValueReads = new(Expression.Property(V, nameof(RecordValue.TextValue)), Expression.Property(V, nameof(RecordValue.NumberValue)),
        Expression.Property(V, nameof(RecordValue.BoolValue)), options => Test<string?>(Expression.Property(V, nameof(RecordValue.TextValue)), t => options.Contains(t!)));

    private Reads JsonReads(string key) => new(Bind(JsonText(key)), Bind(JsonNumber(key)), Bind(JsonBool(key)),
        options => Apply(Json<string?>(ArrayMethod, key), a => db.JsonArrayItems(a).Any(i => options.Contains(i.Value!))));

    /// <summary>
    /// A test of one answer, from <c>record_values</c> when the field is promoted and complete (ADR 0026) — one plain
    /// subquery over its index — else from the JSON document. Texts longer than the side table
    /// keeps cannot be found there, so a filter naming one reads the document.
    /// </summary>
    private Expression Answer(DataField field, List<string> exact, Func<Reads, Expression> test)
    {
        if (!fields.IsPromoted(field.Name) || exact.Any(e => e.Length > PromotedAnswers.MaxText)) return test(JsonReads(field.Name));
        var match = test(ValueReads);
        if (match is ConstantExpression { Value: false }) return False;
        // The subquery's conditions count towards SQLite's depth limit too, but sit in a lambda the counter does not enter.
        _sideConditions += ConditionCounter.Count(match);
        var key = field.Name;
        var type = fields.RecordType;
        var row = field.Kind == FilterKind.Multi
            ? Bind<RecordValue, bool>(V, v => v.RecordType == type && v.Field == key && v.Item > 0)
            : Bind<RecordValue, bool>(V, v => v.RecordType == type && v.Field == key && v.Item == 0);
        var values = Expression.Lambda<Func<RecordValue, bool>>(Expression.AndAlso(row, match), V);
        // SQLite drives `id IN (…)` from the list — every record with that answer, half the cases for sex=female — and
        // then sorts them all for a page; asked with EXISTS it walks the sort's index and probes the side table's primary
        // key per record, stopping at the page (100k cases, all-cases list page: 174 → 6 ms, docs/performance.md).
        // PostgreSQL plans both as a semi-join and estimates the IN form better (ADR 0026).
        if (db.Database.IsSqlite()) return Bind<bool>(r => db.Set<RecordValue>().Where(values).Any(v => v.RecordId == r.Id));
        return Bind<bool>(r => db.Set<RecordValue>().Where(values).Select(v => v.RecordId).Contains(r.Id));
    }

    /// <summary>An answer of a record for sorting: from <c>record_values</c> when promoted and complete, else the document.</summary>
    public Expression<Func<RecordEntity, T>> SortValue<T>(DataField field, Expression<Func<RecordEntity, T>> json, Expression<Func<RecordValue, T>> column)
    {
        if (!fields.IsPromoted(field.Name)) return json;
        var key = field.Name;
        return r => db.Set<RecordValue>().Where(v => v.RecordId == r.Id && v.Field == key && v.Item == 0).Select(column).FirstOrDefault()!;
    }

    /// <summary>Only where the user may read the answer: elsewhere it is as if absent.</summary>
    private BinaryExpression Readable(DataField field, Expression test)
    {
        var modules = field.Modules.ToList();
        var ownRole = _ownRole ?? throw new InvalidOperationException("An answer filter was built without the user's own-role rule.");
        return Expression.AndAlso(Expression.AndAlso(Bind<bool>(r => modules.Contains(r.ModuleId)), Bind(ownRole)), test);
    }

    private static Expression AnswerMatch(DataField field, List<string> exact, List<FilterValue.Range> ranges, Reads reads)
    {
        var alternatives = new List<Expression>();
        switch (field.Kind)
        {
            case FilterKind.Text:
                alternatives.Add(TextIn(reads.Text, exact));
                // Radio buttons of old Primero configurations store yes/no as booleans.
                alternatives.AddRange(Booleans(exact).Select(b => Test<bool?>(reads.Bool, v => v == b)));
                break;
            case FilterKind.Number:
                alternatives.Add(NumberIn(reads.Number, exact));
                alternatives.AddRange(ranges.Select(NumberRange(reads.Number)));
                break;
            case FilterKind.Bool:
                alternatives.AddRange(exact.Select(ParseBool).Select(b => b is { } value ? Test<bool?>(reads.Bool, v => v == value) : False));
                break;
            case FilterKind.Date:
                alternatives.AddRange(exact.Select(e => DateText(reads.Text, e, e)));
                alternatives.AddRange(ranges.Select(r => DateText(reads.Text, r.From, r.To)));
                break;
            case FilterKind.Multi:
                if (exact.Count > 0) alternatives.Add(reads.HoldsAny([.. exact]));
                break;
            case FilterKind.Any:
                alternatives.Add(TextIn(reads.Text, exact));
                alternatives.Add(NumberIn(reads.Number, exact));
                alternatives.AddRange(Booleans(exact).Select(b => Test<bool?>(reads.Bool, v => v == b)));
                alternatives.AddRange(ranges.Select(r => IsNumberRange(r) ? NumberRange(reads.Number)(r) : DateText(reads.Text, r.From, r.To)));
                break;
        }
        return AnyOf(alternatives);
    }

    private static Expression TextIn(Expression text, List<string> exact)
    {
        if (exact.Count == 0) return False;
        // One value as an equality: `= ANY(@texts)` carries a null test beside it, which keeps PostgreSQL from reading the
        // side table's (field, value, …, record) index in record order; with `=` it merges that with the scope's
        // (group, record) index (1M cases, a group's capped count by sex: 43 → 26 ms in psql).
        if (exact.Count == 1)
        {
            var single = exact[0];
            return Test<string?>(text, t => t == single);
        }
        var texts = exact.ToList();
        return Test<string?>(text, t => texts.Contains(t!));
    }

    /// <summary>The numbers among the values; the others match nothing.</summary>
    private static Expression NumberIn(Expression number, List<string> exact)
    {
        var numbers = exact.Select(ParseNumber).Where(n => n is not null).ToList();
        if (numbers.Count == 1)
        {
            var single = numbers[0];
            return Test<double?>(number, v => v == single);
        }
        return numbers.Count == 0 ? False : Test<double?>(number, v => numbers.Contains(v));
    }

    private static bool IsNumberRange(FilterValue.Range r) =>
        (r.From is null || ParseNumber(r.From) is not null) && (r.To is null || ParseNumber(r.To) is not null);

    private static Func<FilterValue.Range, Expression> NumberRange(Expression number) => range =>
    {
        if (!IsNumberRange(range)) return False;
        var low = range.From is null ? null : ParseNumber(range.From);
        var high = range.To is null ? null : ParseNumber(range.To);
        return (low, high) switch
        {
            ({ } lo, { } hi) => Test<double?>(number, v => v >= lo && v <= hi),
            ({ } lo, null) => Test<double?>(number, v => v >= lo),
            (null, { } hi) => Test<double?>(number, v => v <= hi),
            _ => Test<double?>(number, v => v != null),
        };
    };

    /// <summary>
    /// Dates and date-times stored as ISO text, compared as text with bounds cut to the second: a date includes its
    /// whole day, a date-time its whole second, whatever fraction or zone suffix the stored value has (UTC assumed).
    /// </summary>
#pragma warning disable CA1309, CA1310 // translated to SQL comparisons; the database compares bytewise (JsonSql.Text)
    private static Expression DateText(Expression text, string? from, string? to)
    {
        string? low = null, high = null;
        if (from is not null)
        {
            if (ParseDate(from) is not { } start) return False;
            low = start.Time is { } t ? Second(TruncateToSecond(t)) : Day(start.Date);
        }
        if (to is not null)
        {
            if (ParseDate(to) is not { } end) return False;
            high = end.Time is { } t ? Second(TruncateToSecond(t).AddSeconds(1)) : Day(end.Date.AddDays(1));
        }
        return (low, high) switch
        {
            ({ } lo, { } hi) => Test<string?>(text, v => string.Compare(v, lo) >= 0 && string.Compare(v, hi) < 0),
            ({ } lo, null) => Test<string?>(text, v => string.Compare(v, lo) >= 0),
            (null, { } hi) => Test<string?>(text, v => string.Compare(v, hi) < 0),
            _ => Test<string?>(text, v => v != null),
        };
    }
#pragma warning restore CA1309, CA1310

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Midnight is written as the bare date, which sorts before that day's date-times as a stored bare date must.</summary>
    private static string Second(DateTimeOffset t) =>
        t.UtcDateTime.TimeOfDay == TimeSpan.Zero ? Day(DateOnly.FromDateTime(t.UtcDateTime)) : t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private Expression InLocation(RecordFilter.InLocation filter, IReadOnlyDictionary<string, string> paths)
    {
        if (fields.Data(filter.Field) is not { } field || field.Kind is not (FilterKind.Text or FilterKind.Any)) return False;
        var codes = filter.Codes.ToList();
        // Descendants through the locations table, by the hierarchy path of each known location ("XX.XX01.").
        var prefixes = filter.Codes.Where(paths.ContainsKey).Select(c => paths[c] + ".").ToList();
        if (prefixes.Count == 0) return Readable(field, Answer(field, codes, reads => Test<string?>(reads.Text, t => codes.Contains(t!))));
        var location = Expression.Parameter(typeof(Location), "l");
#pragma warning disable CA1310 // translated to SQL (LIKE 'prefix%'), where codes compare exactly
        var below = AnyOf([.. prefixes.Select(p => Bind<Location, bool>(location, l => l.HierarchyPath.StartsWith(p)))]);
#pragma warning restore CA1310
        var under = Expression.Lambda<Func<Location, bool>>(below, location);
        return Readable(field, Answer(field, codes, reads => Test<string?>(reads.Text, t => codes.Contains(t!) || db.Set<Location>().Where(under).Any(l => l.Code == t))));
    }

    private async Task<IReadOnlyDictionary<string, string>> LocationPathsAsync(IReadOnlyList<RecordFilter> filters, CancellationToken ct)
    {
        var codes = filters.SelectMany(LocationCodes).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0) return new Dictionary<string, string>();
        return await db.Set<Location>().AsNoTracking().Where(l => codes.Contains(l.Code))
            .ToDictionaryAsync(l => l.Code, l => l.HierarchyPath, StringComparer.Ordinal, ct);
    }

    private static IEnumerable<string> LocationCodes(RecordFilter filter) => filter switch
    {
        RecordFilter.InLocation l => l.Codes,
        RecordFilter.Or o => o.Filters.SelectMany(LocationCodes),
        RecordFilter.And a => a.Filters.SelectMany(LocationCodes),
        RecordFilter.Not n => LocationCodes(n.Filter),
        _ => [],
    };

    private Expression ColumnMatch(string name, List<string> exact, List<FilterValue.Range> ranges)
    {
        var alternatives = new List<Expression>();
        switch (name)
        {
            case "current_alert_types":
                if (exact.Count > 0)
                {
                    var types = exact.ToList();
                    alternatives.Add(Bind<bool>(r => db.Set<Alerts.Alert>().Any(a => a.RecordId == r.Id && types.Contains(a.AlertFor))));
                }
                break;
            case "owned_by_agency_id":
                if (exact.Count > 0)
                {
                    var agencies = exact.ToList();
                    alternatives.Add(Bind<bool>(r => db.Set<Users.User>().Any(u => u.Id == r.OwnedByUserId
                        && db.Set<Agencies.Agency>().Any(a => a.Id == u.AgencyId && agencies.Contains(a.UniqueId)))));
                }
                break;
            case "my_cases":
                var me = fields.UserId;
                if (exact.Contains("owned_by")) alternatives.Add(Bind<bool>(r => r.OwnedByUserId == me));
                if (exact.Contains("assigned_user_names"))
                    alternatives.Add(Bind<bool>(r => db.Set<RecordUser>().Any(x => x.RecordId == r.Id && x.UserId == me && x.Relation == RecordRelation.Assigned)));
                break;
            case "id":
                alternatives.Add(GuidIn(r => r.Id, exact));
                break;
            case "unique_identifier" or "case_id":
                alternatives.Add(GuidIn(r => r.UniqueIdentifier, exact));
                break;
            case "record_state":
                alternatives.AddRange(exact.Select(ParseBool).Select(b => b is { } value ? Bind<bool>(r => r.RecordState == value) : False));
                break;
            case "registration_date":
                alternatives.AddRange(exact.Select(e => DateColumn(e, e)));
                alternatives.AddRange(ranges.Select(r => DateColumn(r.From, r.To)));
                break;
            case "created_at":
                alternatives.AddRange(exact.Select(e => TimeColumn(r => r.CreatedAt, e, e)));
                alternatives.AddRange(ranges.Select(v => TimeColumn(r => r.CreatedAt, v.From, v.To)));
                break;
            case "last_updated_at" or "updated_at":
                alternatives.AddRange(exact.Select(e => TimeColumn(r => r.UpdatedAt, e, e)));
                alternatives.AddRange(ranges.Select(v => TimeColumn(r => r.UpdatedAt, v.From, v.To)));
                break;
            case "flagged":
                alternatives.AddRange(exact.Select(ParseBool).Select(b => b is { } value ? Bind<bool>(r => (r.FlagCount > 0) == value) : False));
                break;
            case "flag_count":
                alternatives.AddRange(CountMatch(r => r.FlagCount, exact, ranges));
                break;
            case "alert_count":
                alternatives.AddRange(CountMatch(r => r.AlertCount, exact, ranges));
                break;
            default:
                if (TextColumn(name) is { } column && exact.Count > 0) alternatives.Add(Apply(column, c => exact.Contains(c)));
                break;
        }
        return AnyOf(alternatives);
    }

    /// <summary>
    /// A counter column by exact numbers and ranges (<c>alert_count=1..</c> lists records with alerts); a value that
    /// is not a whole number matches nothing.
    /// </summary>
    private static IEnumerable<Expression> CountMatch(Expression<Func<RecordEntity, int>> column, List<string> exact, List<FilterValue.Range> ranges)
    {
        foreach (var e in exact)
            yield return ParseNumber(e) is { } n ? Apply(column, c => c == n) : False;
        foreach (var range in ranges)
        {
            if (!IsNumberRange(range)) { yield return False; continue; }
            var low = range.From is null ? null : ParseNumber(range.From);
            var high = range.To is null ? null : ParseNumber(range.To);
            yield return (low, high) switch
            {
                ({ } lo, { } hi) => Apply(column, c => c >= lo && c <= hi),
                ({ } lo, null) => Apply(column, c => c >= lo),
                (null, { } hi) => Apply(column, c => c <= hi),
                _ => Expression.Constant(true),
            };
        }
    }

    /// <summary>The text columns, by their API name.</summary>
    public static Expression<Func<RecordEntity, string>>? TextColumn(string name) => name switch
    {
        "short_id" => r => r.ShortId,
        "case_id_display" => r => r.CaseIdDisplay,
        "status" => r => r.Status,
        "workflow" => r => r.Workflow,
        "module_id" => r => r.ModuleId,
        "owned_by" => r => r.OwnedBy,
        "created_by" => r => r.CreatedBy,
        _ => null,
    };

    private static Expression GuidIn(Expression<Func<RecordEntity, Guid>> column, List<string> exact)
    {
        var ids = exact.Select(e => Guid.TryParse(e, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        return ids.Count == 0 ? False : Apply(column, c => ids.Contains(c));
    }

    private static Expression DateColumn(string? from, string? to)
    {
        DateOnly? low = null, high = null;
        if (from is not null)
        {
            if (ParseDate(from) is not { } start) return False;
            low = start.Date;
        }
        if (to is not null)
        {
            if (ParseDate(to) is not { } end) return False;
            high = end.Date;
        }
        return (low, high) switch
        {
            ({ } lo, { } hi) => Bind<bool>(r => r.RegistrationDate >= lo && r.RegistrationDate <= hi),
            ({ } lo, null) => Bind<bool>(r => r.RegistrationDate >= lo),
            (null, { } hi) => Bind<bool>(r => r.RegistrationDate <= hi),
            _ => Expression.Constant(true),
        };
    }

    /// <summary>Timestamps: a date bound covers its whole day in UTC, a date-time bound is exact.</summary>
    private static Expression TimeColumn(Expression<Func<RecordEntity, DateTimeOffset>> column, string? from, string? to)
    {
        DateTimeOffset? low = null, high = null;
        var highIncluded = true;
        if (from is not null)
        {
            if (ParseDate(from) is not { } start) return False;
            low = start.Time ?? Midnight(start.Date);
        }
        if (to is not null)
        {
            if (ParseDate(to) is not { } end) return False;
            high = end.Time ?? Midnight(end.Date.AddDays(1));
            highIncluded = end.Time is not null;
        }
        Expression? lower = low is { } lo ? Apply(column, c => c >= lo) : null;
        Expression? upper = high is { } hi ? (highIncluded ? Apply(column, c => c <= hi) : Apply(column, c => c < hi)) : null;
        return (lower, upper) switch
        {
            ({ } l, { } u) => Expression.AndAlso(l, u),
            ({ } l, null) => l,
            (null, { } u) => u,
            _ => Expression.Constant(true),
        };
    }

    private static DateTimeOffset Midnight(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static Expression AnyOf(List<Expression> alternatives) =>
        alternatives.Count == 0 ? False : Balanced(alternatives, 0, alternatives.Count, Expression.OrElse);

    private static Expression All(List<Expression> conditions) => Balanced(conditions, 0, conditions.Count, Expression.AndAlso);

    /// <summary>
    /// A balanced tree of OR/AND: a query string can hold thousands of values, and a chain as deep as that would
    /// overflow the stack of the recursive visitors that translate it.
    /// </summary>
    private static Expression Balanced(List<Expression> parts, int start, int end, Func<Expression, Expression, BinaryExpression> join)
    {
        if (end - start == 1) return parts[start];
        var middle = start + ((end - start) / 2);
        return join(Balanced(parts, start, middle, join), Balanced(parts, middle, end, join));
    }

    /// <summary>Whole or decimal numbers as Primero's client sends them; no exponents, no NaN.</summary>
    public static double? ParseNumber(string text) =>
        text.Length is > 0 and <= 30 && text.TrimStart('-').All(c => char.IsAsciiDigit(c) || c == '.') && text.Any(char.IsAsciiDigit)
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            ? n : null;

    public static bool? ParseBool(string text) => text switch { "true" => true, "false" => false, _ => null };

    private static IEnumerable<bool> Booleans(IEnumerable<string> exact) => exact.Select(ParseBool).OfType<bool>();

    /// <summary><c>YYYY-MM-DD</c>, or an ISO date-time (with its zone; UTC when it has none).</summary>
    public static (DateOnly Date, DateTimeOffset? Time)? ParseDate(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return (date, null);
        // A '+' of a zone offset arrives as a space when the client did not encode it.
        var fixedText = text.Replace(' ', '+');
        if (fixedText.Length > 10 && fixedText[4] == '-' && fixedText[7] == '-' && fixedText[10] == 'T'
            && DateTimeOffset.TryParse(fixedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return (DateOnly.FromDateTime(time.DateTime), time.ToUniversalTime());
        return null;
    }

    // --- composing expression trees over the one parameter r ----------------------------------------------------

    /// <summary><c>r => Method(r.Data, "key")</c> with the key as a constant, as <see cref="JsonSql"/> requires.</summary>
    public static Expression<Func<RecordEntity, T>> Json<T>(MethodInfo method, string key) =>
        JsonSql.IsValidKey(key)
            ? Expression.Lambda<Func<RecordEntity, T>>(Expression.Call(method, Expression.Property(R, nameof(RecordEntity.Data)), Expression.Constant(key)), R)
            : throw new ArgumentException($"Not a field name: {key}", nameof(key));

    public static Expression<Func<RecordEntity, string?>> JsonText(string key) => Json<string?>(TextMethod, key);

    public static Expression<Func<RecordEntity, double?>> JsonNumber(string key) => Json<double?>(NumberMethod, key);

    public static Expression<Func<RecordEntity, bool?>> JsonBool(string key) => Json<bool?>(BoolMethod, key);

    /// <summary><c>test(selector(r))</c>.</summary>
    private static Expression Apply<T>(Expression<Func<RecordEntity, T>> selector, Expression<Func<T, bool>> test) => Test(Bind<T>(selector), test);

    /// <summary><c>test(value)</c>, for a value read from whichever row the query is over.</summary>
    private static Expression Test<T>(Expression value, Expression<Func<T, bool>> test) => new Substitute(test.Parameters[0], value).Visit(test.Body);

    private static Expression Bind<T>(Expression<Func<RecordEntity, T>> lambda) => new Substitute(lambda.Parameters[0], R).Visit(lambda.Body);

    private static Expression Bind<TIn, T>(ParameterExpression to, Expression<Func<TIn, T>> lambda) => new Substitute(lambda.Parameters[0], to).Visit(lambda.Body);

    private sealed class ConditionCounter : ExpressionVisitor
    {
        private int _count;

        public static int Count(Expression e)
        {
            var counter = new ConditionCounter();
            counter.Visit(e);
            return counter._count;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.AndAlso or ExpressionType.OrElse) _count++;
            return base.VisitBinary(node);
        }
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
