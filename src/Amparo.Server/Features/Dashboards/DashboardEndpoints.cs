using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Amparo.Server.Features.Dashboards;

/// <summary>
/// <c>GET /api/v2/dashboards</c>: the dashboards the caller's role grants (<c>dashboard:&lt;name&gt;</c>), each
/// <c>{name: "dashboard.&lt;name&gt;", type: "indicator", indicators: {&lt;indicator&gt;: {count, query}}}</c>, optionally
/// only those named in <c>names[]</c> (by action, as Primero's client asks, or by name). An indicator's <c>query</c> is the list filter Primero's client opens when the
/// count is clicked, and the count is made by that very filter over the records the caller may read (the list's own
/// parser and predicate), so the list shows exactly what was counted. An indicator whose filter the caller could not
/// use in a list (a field they may not read) is left out rather than counted. No dashboard granted: an empty list, as
/// Primero answers. Amparo computes a few of Primero's dashboards so far (the Insights issue brings the rest).
/// </summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboards", ListAsync).WithTags("Dashboards")
            .PermissionDecidedByHandler("each dashboard needs its own dashboard action; a user with none gets an empty list, as in Primero");
        return api;
    }

    private sealed record Context(AmparoDbContext Db, CurrentUser User, RecordFilterFields Fields, RecordTotals Totals, RecordCounts Counts, CancellationToken Ct);

    /// <summary>The dashboards Amparo computes, by the action that grants each.</summary>
    private static readonly (string Action, Func<Context, Task<JsonObject>> Indicators)[] Dashboards =
    [
        ("case_overview", CaseOverviewAsync),
        ("case_risk", CaseRiskAsync),
    ];

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordTotals totals, RecordCounts counts)
    {
        var user = CurrentUser.From(http);
        var asked = QueryFilters.Values(http.Request.Query, "names");
        var data = new JsonArray();
        Context? context = null;
        foreach (var (action, indicators) in Dashboards)
        {
            var name = "dashboard." + action;
            // Primero's client names them by action (names[0]=case_overview); the answer names them by i18n key.
            if (!user.Can("dashboard", action) || (asked.Count > 0 && !asked.Contains(name) && !asked.Contains(action))) continue;
            context ??= new Context(db, user, await RecordFilterFields.LoadAsync(permissions, user, "case", http.RequestAborted), totals, counts, http.RequestAborted);
            data.Add((JsonNode)new JsonObject { ["name"] = name, ["type"] = "indicator", ["indicators"] = await indicators(context) });
        }
        return Results.Json(new JsonObject { ["data"] = data });
    }

    /// <summary>The caller's open, enabled cases (Primero's "OPEN_ENABLED", scoped to the owner).</summary>
    private static (string, string)[] OwnOpen(Context c) => [("owned_by", c.User.UserName), ("record_state", "true"), ("status", "open")];

    private static async Task<JsonObject> CaseOverviewAsync(Context c)
    {
        var indicators = new JsonObject();
        if (await IndicatorAsync(c, OwnOpen(c)) is { } total) indicators["total"] = total;
        return indicators;
    }

    /// <summary>
    /// The caller's open cases by risk level, one facet per level that some case has: one grouped count over the facet
    /// columns (<see cref="RecordCounts"/>), each level's count the list total its query opens.
    /// </summary>
    private static async Task<JsonObject> CaseRiskAsync(Context c)
    {
        var indicators = new JsonObject();
        if (!c.Fields.Allows("risk_level")) return indicators;
        var counts = await c.Counts.CountAsync(c.User, c.Fields, "case", [RecordFacet.RiskLevel], await FilterAsync(c, OwnOpen(c)), c.Ct);
        var facets = new JsonObject();
        foreach (var (level, count) in counts[RecordFacet.RiskLevel])
            facets[level] = new JsonObject { ["count"] = count, ["query"] = Query([.. OwnOpen(c), ("risk_level", level)]) };
        indicators["risk_level"] = facets;
        return indicators;
    }

    /// <summary>The list filter's predicate, as the list builds it.</summary>
    private static async Task<System.Linq.Expressions.Expression<Func<RecordEntity, bool>>?> FilterAsync(Context c, (string Name, string Value)[] query)
    {
        var filters = RecordFilterParser.Parse(query.Select(q => KeyValuePair.Create(q.Name, new StringValues(q.Value))), c.Fields.Resolve);
        return await new RecordFilterQuery(c.Db, c.Fields).BuildAsync(filters, c.Ct);
    }

    private static JsonArray Query((string Name, string Value)[] query) => [.. query.Select(q => (JsonNode?)$"{q.Name}={q.Value}")];

    /// <summary><c>{count, query}</c>: the cases the caller may read that this list filter selects; null when the caller could not filter so.</summary>
    private static async Task<JsonObject?> IndicatorAsync(Context c, (string Name, string Value)[] query)
    {
        if (query.Any(q => c.Fields.Resolve(q.Name) is null)) return null;
        var records = c.Db.ReadableRecords(c.User).Where(r => r.RecordType == "case");
        if (await FilterAsync(c, query) is { } predicate) records = records.Where(predicate);
        var count = await c.Totals.CountAsync(records, c.Ct);
        var indicator = new JsonObject
        {
            ["count"] = count.Count,
            ["query"] = Query(query),
        };
        // Counted as the list would total it, so past the exact-count threshold it is the list's estimate, marked alike.
        if (count.Estimated is { } estimated) indicator["count_estimated"] = estimated;
        return indicator;
    }
}
