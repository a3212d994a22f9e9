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
            var broken = await trail.FirstBrokenAsync(http.RequestAborted);
            return Results.Json(new JsonObject { ["data"] = new JsonObject { ["intact"] = broken is null, ["first_broken_sequence"] = broken } });
        }).RequirePermission("audit_log", "read").WithTags("Audit").WithSummary("Recomputes the tenant's hash chain.");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var q = http.Request.Query;
        var page = Math.Max(1, int.TryParse(q["page"], out var p) ? p : 1);
        var per = Math.Max(1, int.TryParse(q["per"], out var n) ? n : 100);
        var events = db.Set<AuditEvent>().AsNoTracking();
        if (QueryFilters.Values(q, "audit_log_actions") is { Count: > 0 } actions) events = events.Where(e => actions.Contains(e.Action));
        if (q["user_name"].ToString() is { Length: > 0 } userName) events = events.Where(e => e.ActorUserName == userName);
        var total = await events.CountAsync(http.RequestAborted);
        var rows = await events.OrderByDescending(e => e.Sequence).Skip((page - 1) * per).Take(per).ToListAsync(http.RequestAborted);
        var data = new JsonArray([.. rows.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["timestamp"] = ApiTime.Format(e.OccurredAt),
            ["user_name"] = e.ActorUserName,
            ["action"] = e.Action,
            ["record_type"] = e.TargetType,
            ["record_id"] = e.TargetId,
            ["metadata"] = JsonNode.Parse(e.Detail),
        })]);
        return Results.Json(new JsonObject
        {
            ["data"] = data,
            ["metadata"] = new JsonObject { ["total"] = total, ["per"] = per, ["page"] = page },
        });
    }
}
