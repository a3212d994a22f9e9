using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary><c>GET /api/v2/audit_logs</c> (newest first, 100 a page by default, as Primero) and a chain check.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit_logs", ListAsync).RequirePermission("audit_log", "read").WithTags("Audit");
        api.MapGet("/audit_logs/verify", async (AuditTrail trail, HttpContext http) =>
        {
            await trail.ChainPendingAsync(http.RequestAborted);
            var broken = await trail.FirstBrokenAsync(http.RequestAborted);
            return Results.Json(new JsonObject { ["data"] = new JsonObject { ["intact"] = broken is null, ["first_broken_sequence"] = broken } });
        }).RequirePermission("audit_log", "read").WithTags("Audit").WithSummary("Recomputes the tenant's hash chain.");
        return api;
    }

    /// <summary>Primero's record class names as its client sends them in <c>record_type[]</c>, and Amparo's own names.</summary>
    private static string RecordTypeName(string value) => value.ToLowerInvariant() switch
    {
        "child" => "case",
        var other => other,
    };

    /// <summary>
    /// Filters: <c>user_name</c>, <c>from</c>/<c>to</c> (ISO date-times; a bare date <c>to</c> takes in that whole day),
    /// <c>audit_log_actions[]</c>, <c>record_type[]</c>; <c>order_by</c> timestamp (default), user_name, action or
    /// record_type, <c>order</c> asc/desc (default desc). A date that does not parse is a 422, never an unfiltered list.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, AuditTrail trail)
    {
        // Events written before this call are chained first, so the log shows every call that has been answered.
        await trail.ChainPendingAsync(http.RequestAborted);
        var q = http.Request.Query;
        var paging = Paging.From(http.Request, defaultPer: 100);
        var events = db.Set<AuditEvent>().AsNoTracking();
        if (QueryFilters.Values(q, "audit_log_actions") is { Count: > 0 } actions) events = events.Where(e => actions.Contains(e.Action));
        if (QueryFilters.Values(q, "record_type") is { Count: > 0 } types)
        {
            var names = types.Select(RecordTypeName).Distinct().ToList();
            events = events.Where(e => e.TargetType != null && names.Contains(e.TargetType));
        }
        if (q["user_name"].ToString() is { Length: > 0 } userName) events = events.Where(e => e.ActorUserName == userName);
        foreach (var bound in new[] { "from", "to" })
        {
            var text = q[bound].ToString();
            if (text.Length == 0) continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return ApiErrors.Invalid(http, bound, "errors.models.audit_log.date");
            // Every timestamp is stored in UTC: compare in UTC (SQLite compares the stored form).
            var at = parsed.ToUniversalTime();
            var dateOnly = text.Length == 10;
            if (bound == "from") events = events.Where(e => e.OccurredAt >= at);
            else if (dateOnly) { var next = at.AddDays(1); events = events.Where(e => e.OccurredAt < next); }
            else events = events.Where(e => e.OccurredAt <= at);
        }
        var ascending = q["order"].ToString().Equals("asc", StringComparison.OrdinalIgnoreCase);
        // The sequence is the order of writing: the timestamp order without ties, and the tie-breaker of the others.
        events = q["order_by"].ToString() switch
        {
            "user_name" => ascending ? events.OrderBy(e => e.ActorUserName).ThenBy(e => e.Sequence) : events.OrderByDescending(e => e.ActorUserName).ThenByDescending(e => e.Sequence),
            "action" => ascending ? events.OrderBy(e => e.Action).ThenBy(e => e.Sequence) : events.OrderByDescending(e => e.Action).ThenByDescending(e => e.Sequence),
            "record_type" => ascending ? events.OrderBy(e => e.TargetType).ThenBy(e => e.Sequence) : events.OrderByDescending(e => e.TargetType).ThenByDescending(e => e.Sequence),
            _ => ascending ? events.OrderBy(e => e.Sequence) : events.OrderByDescending(e => e.Sequence),
        };
        var total = await events.CountAsync(http.RequestAborted);
        // Read as written: a page of 1,000 events with their details is never held whole (the query runs before the first byte).
        return paging.Streamed(Rows(events.Skip(paging.Skip).Take(paging.Per).AsAsyncEnumerable()), total);

        static async IAsyncEnumerable<JsonNode> Rows(IAsyncEnumerable<AuditEvent> rows)
        {
            await foreach (var e in rows)
                yield return new JsonObject
                {
                    ["id"] = e.Id,
                    ["timestamp"] = ApiTime.Format(e.OccurredAt),
                    ["user_name"] = e.ActorUserName,
                    ["action"] = e.Action,
                    ["record_type"] = AuditActions.WireResource(e.TargetType),
                    ["record_id"] = e.TargetId,
                    // What Primero's client writes in the log's description column: the action's words, then the record type.
                    ["log_message"] = new JsonObject { ["prefix"] = new JsonObject { ["key"] = "logger." + e.Action } },
                    ["metadata"] = JsonNode.Parse(e.Detail),
                };
        }
    }
}
