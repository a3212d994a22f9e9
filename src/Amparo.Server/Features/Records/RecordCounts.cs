using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>What records are grouped by in a count; each is named as the list filter that selects one group.</summary>
internal enum RecordFacet { Status, Workflow, RiskLevel, Sex, AgeBand, Location, Owner, Flagged, OverdueTask }

/// <summary>
/// Grouped counts over the records a user may read (ADR 0028): how many by status, workflow, risk level, sex, age band,
/// location, owner, flagged and overdue task, all requested facets in ONE grouped query over the facet columns the
/// record path keeps (<see cref="RecordFacets"/>) and their covering index — no document is read, and nothing is a
/// shared counter a writer would wait on. The scope and an optional list filter are the list's own (access rule,
/// <see cref="RecordFilterQuery"/>), and an answer counts only where the user may read it, as a list filter on it would
/// match: so each group's count is the list's total for <c>&lt;facet&gt;=&lt;value&gt;</c>. Records without a value for
/// a facet are in none of its groups.
/// </summary>
internal sealed class RecordCounts(AmparoDbContext db, TimeProvider clock)
{
    /// <summary>The list filter (and the answer, for answers) each facet is by; <see cref="RecordFacet.OverdueTask"/> has none.</summary>
    public static string Name(RecordFacet facet) => facet switch
    {
        RecordFacet.Status => "status",
        RecordFacet.Workflow => "workflow",
        RecordFacet.RiskLevel => "risk_level",
        RecordFacet.Sex => "sex",
        RecordFacet.AgeBand => "age",
        RecordFacet.Location => "location_current",
        RecordFacet.Owner => "owned_by",
        RecordFacet.Flagged => "flagged",
        _ => "task_overdue",
    };

    public static RecordFacet? Parse(string name) => Enum.GetValues<RecordFacet>().Select(f => (RecordFacet?)f).FirstOrDefault(f => Name(f!.Value) == name);

    /// <summary>
    /// Counts by each of <paramref name="facets"/> the user may count by (an answer they may read somewhere; the others
    /// are left out of the answer rather than counted), over the records of <paramref name="recordType"/> they may read
    /// that <paramref name="where"/> selects.
    /// </summary>
    public async Task<Dictionary<RecordFacet, SortedDictionary<string, long>>> CountAsync(CurrentUser user, RecordFilterFields fields,
        string recordType, IEnumerable<RecordFacet> facets, Expression<Func<RecordEntity, bool>>? where, CancellationToken ct)
    {
        var counted = facets.Distinct().Where(f => f == RecordFacet.OverdueTask || fields.Allows(Name(f))).ToList();
        var result = counted.ToDictionary(f => f, _ => new SortedDictionary<string, long>(StringComparer.Ordinal));
        if (counted.Count == 0) return result;
        var records = db.ReadableRecords(user).AsNoTracking().Where(r => r.RecordType == recordType);
        if (where is not null) records = records.Where(where);

        // One GROUP BY over every facet asked: a single pass over the scope, however many facets a dashboard shows.
        var r = Expression.Parameter(typeof(RecordEntity), "r");
        var ownRole = counted.Any(IsAnswer) ? await fields.OwnRoleAsync(db, ct) : (r => true);
        var now = clock.GetUtcNow();
        var bindings = counted.Select((f, i) => Expression.Bind(FacetKey.Slot(i), new Swap(r).Visit(Key(f, fields, ownRole, now))));
        var key = Expression.Lambda<Func<RecordEntity, FacetKey>>(Expression.MemberInit(Expression.New(typeof(FacetKey)), bindings), r);
        var groups = await records.GroupBy(key).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        foreach (var group in groups)
            for (var i = 0; i < counted.Count; i++)
                if (group.Key.Get(i) is { } value)
                    result[counted[i]][value] = result[counted[i]].GetValueOrDefault(value) + group.Count;
        return result;
    }

    /// <summary>Facets that are form answers, counted only where the user may read the answer (the others are facts about the record).</summary>
    private static bool IsAnswer(RecordFacet facet) => facet is RecordFacet.RiskLevel or RecordFacet.Sex or RecordFacet.AgeBand or RecordFacet.Location;

    /// <summary>The group a record is in for a facet: the column, an answer only where the user reads it, counters as true/false.</summary>
    private static Expression<Func<RecordEntity, string?>> Key(RecordFacet facet, RecordFilterFields fields, Expression<Func<RecordEntity, bool>> ownRole, DateTimeOffset now)
    {
        List<string> Modules() => [.. fields.Data(Name(facet))?.Modules ?? []];
        return facet switch
        {
            RecordFacet.Status => (r => r.Status),
            RecordFacet.Workflow => (r => r.Workflow),
            RecordFacet.Owner => (r => r.OwnedBy),
            RecordFacet.Flagged => (r => r.FlagCount > 0 ? "true" : "false"),
            RecordFacet.OverdueTask => (r => r.TaskDue != null && r.TaskDue < now ? "true" : "false"),
            RecordFacet.RiskLevel => ListRecords.Readable<string?>(r => r.RiskLevel, Modules(), ownRole),
            RecordFacet.Sex => ListRecords.Readable<string?>(r => r.Sex, Modules(), ownRole),
            RecordFacet.AgeBand => ListRecords.Readable<string?>(r => r.AgeBand, Modules(), ownRole),
            _ => ListRecords.Readable<string?>(r => r.Location, Modules(), ownRole),
        };
    }

    /// <summary>A key lambda's body with its parameter replaced by the shared one.</summary>
    private sealed class Swap(ParameterExpression to) : ExpressionVisitor
    {
        private ParameterExpression? _from;

        public Expression Visit(LambdaExpression lambda)
        {
            _from = lambda.Parameters[0];
            return Visit(lambda.Body);
        }

        protected override Expression VisitParameter(ParameterExpression node) => node == _from ? to : node;
    }

    /// <summary>The group key: one slot per facet counted (unused slots are not bound, so not grouped by).</summary>
    private sealed class FacetKey
    {
        public string? F0 { get; init; }
        public string? F1 { get; init; }
        public string? F2 { get; init; }
        public string? F3 { get; init; }
        public string? F4 { get; init; }
        public string? F5 { get; init; }
        public string? F6 { get; init; }
        public string? F7 { get; init; }
        public string? F8 { get; init; }

        public static System.Reflection.PropertyInfo Slot(int i) => typeof(FacetKey).GetProperty("F" + i)!;

        public string? Get(int i) => (string?)Slot(i).GetValue(this);
    }

    /// <summary>
    /// <c>GET /api/v2/:type/counts?by=status,workflow,…</c> with any list filter: <c>{data: {&lt;facet&gt;: {&lt;value&gt;: count}}}</c>,
    /// each count the list's total for that filter plus <c>&lt;facet&gt;=&lt;value&gt;</c> (Amparo's own; what dashboards and
    /// insights count with). An unknown facet is a 422 naming it; one the user may not read is left out.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordCounts counts, string recordType)
    {
        var user = CurrentUser.From(http);
        var ct = http.RequestAborted;
        var facets = QueryFilters.Values(http.Request.Query, "by").Select(n => Parse(n) ?? throw ApiException.Unprocessable($"Unknown facet '{n}'", "by")).ToList();
        var fields = await RecordFilterFields.LoadAsync(permissions, user, recordType, ct);
        var filters = RecordFilterParser.Parse(http.Request.Query.Where(q => q.Key != "by" && !q.Key.StartsWith("by[", StringComparison.Ordinal)), fields.Resolve);
        var where = await new RecordFilterQuery(db, fields).BuildAsync(filters, ct);
        var data = new JsonObject();
        foreach (var (facet, groups) in await counts.CountAsync(user, fields, recordType, facets, where, ct))
            data[Name(facet)] = new JsonObject([.. groups.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Value))]);
        return Results.Json(new JsonObject { ["data"] = data });
    }
}
