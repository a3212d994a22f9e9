using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// <c>GET /api/v2/:type/:id/access_log</c>: who opened or changed a record, newest first, from the audit chain.
/// Filters <c>filters[timestamp][from|to]</c>, <c>filters[actions][]</c>, <c>filters[access_users][]</c> (user ids).
/// Needs read access to the record and the type's <c>access_log</c> permission.
/// </summary>
internal static class AccessLogEndpoints
{
    public static IEndpointRouteBuilder MapAccessLogEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in RecordType.All)
        {
            var name = type.Name;
            api.MapGet($"/{type.Path}/{{id}}/access_log", (HttpContext http, AmparoDbContext db, AuditTrail trail, string id) => ListAsync(http, db, trail, name, id))
                .RequirePermission(name, "access_log").WithTags(type.Path).WithSummary("Who viewed or changed the record.");
        }
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, AuditTrail trail, string recordType, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id);
        await trail.ChainPendingAsync(http.RequestAborted);
        var target = record!.Id.ToString();
        var q = http.Request.Query;
        var events = db.Set<AuditEvent>().AsNoTracking().Where(e => e.TargetType == recordType && e.TargetId == target);
        if (QueryFilters.Values(q, "filters[actions]") is { Count: > 0 } actions) events = events.Where(e => actions.Contains(e.Action));
        var users = QueryFilters.Values(q, "filters[access_users]").Select(v => int.TryParse(v, out var n) ? n : (int?)null).OfType<int>().ToList();
        if (users.Count > 0) events = events.Where(e => e.ActorUserId != null && users.Contains(e.ActorUserId.Value));
        if (DateTimeOffset.TryParse(q["filters[timestamp][from]"], out var from)) events = events.Where(e => e.OccurredAt >= from);
        if (DateTimeOffset.TryParse(q["filters[timestamp][to]"], out var to)) events = events.Where(e => e.OccurredAt <= to);
        var total = await events.CountAsync(http.RequestAborted);
        var paging = Paging.From(http.Request);
        var page = await events.OrderByDescending(e => e.Sequence).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        var ids = page.Select(e => e.ActorUserId).OfType<int>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .GroupJoin(db.Roles, u => u.RoleId, r => r.Id, (u, roles) => new { u.Id, u.FullName, Roles = roles })
            .SelectMany(x => x.Roles.DefaultIfEmpty(), (x, role) => new { x.Id, x.FullName, Role = role == null ? null : role.Name })
            .ToDictionaryAsync(x => x.Id, http.RequestAborted);
        var data = page.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["timestamp"] = ApiTime.Format(e.OccurredAt),
            ["action"] = e.Action,
            ["record_type"] = RecordType.Of(recordType).Path,
            ["record_id"] = e.TargetId,
            ["user_name"] = e.ActorUserName,
            ["full_name"] = e.ActorUserId is { } uid && people.TryGetValue(uid, out var p) ? p.FullName : null,
            ["role_name"] = e.ActorUserId is { } rid && people.TryGetValue(rid, out var r) ? r.Role : null,
        });
        return Results.Json(paging.Envelope(new JsonArray([.. data]), total));
    }
}
