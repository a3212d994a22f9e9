using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.UserGroups;

/// <summary>
/// <c>/api/v2/user_groups</c>. Users scoped to <c>all</c> or <c>admin_only</c> see every group; others only
/// their own. Deleting a group removes its memberships and, in the same transaction, the group access it gave.
/// </summary>
internal static class UserGroupEndpoints
{
    public static IEndpointRouteBuilder MapUserGroupEndpoints(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/user_groups").WithTags("User groups");
        groups.MapGet("/", ListAsync).RequirePermission("user_group", "read");
        groups.MapGet("/{id:int}", ShowAsync).RequirePermission("user_group", "read");
        groups.MapPost("/", CreateAsync).RequirePermission("user_group", "create");
        groups.MapPatch("/{id:int}", UpdateAsync).RequirePermission("user_group", "write");
        groups.MapDelete("/{id:int}", DeleteAsync).RequirePermission("user_group", "manage");
        return api;
    }

    public static JsonObject ToJson(UserGroup g) => new()
    {
        ["id"] = g.Id,
        ["unique_id"] = g.UniqueId,
        ["name"] = g.Name,
        ["description"] = g.Description,
        ["disabled"] = g.Disabled,
        ["agency_unique_ids"] = JsonNode.Parse(g.AgencyUniqueIds),
    };

    /// <summary>
    /// The agencies a group is sent with (<c>agency_unique_ids</c>), as a JSON array of those that exist; null when the
    /// request does not name them. Unknown ids are left out, as Primero's setter finds agencies by unique id.
    /// </summary>
    private static async Task<string?> AgenciesAsync(AmparoDbContext db, JsonObject data, CancellationToken ct)
    {
        if (JsonRead.StrList(data, "agency_unique_ids") is not { } wanted) return null;
        var known = await db.Agencies.AsNoTracking().Where(a => wanted.Contains(a.UniqueId)).Select(a => a.UniqueId).ToListAsync(ct);
        return new JsonArray([.. wanted.Where(known.Contains).Distinct().Select(id => (JsonNode?)id)]).ToJsonString();
    }

    private static IQueryable<UserGroup> Visible(AmparoDbContext db, CurrentUser user) =>
        user.IsSuperuser || user.Scope is Scopes.All or Scopes.AdminOnly
            ? db.UserGroups
            : db.UserGroups.Where(g => user.GroupIds.Contains(g.Id));

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var query = Visible(db, CurrentUser.From(http)).AsNoTracking();
        if (QueryFilters.Booleans(http.Request.Query, "disabled") is { Count: > 0 } disabled) query = query.Where(g => disabled.Contains(g.Disabled));
        var ordered = query.OrderBy(g => g.Id);
        if (!QueryFilters.AsksForPaging(http.Request.Query))
        {
            var all = await ordered.ToListAsync(http.RequestAborted);
            return Results.Json(Paging.Unpaged(new JsonArray([.. all.Select(g => (JsonNode?)ToJson(g))])));
        }
        var paging = Paging.From(http.Request);
        var total = await query.CountAsync(http.RequestAborted);
        var page = await ordered.Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        return Results.Json(paging.Envelope(new JsonArray([.. page.Select(g => (JsonNode?)ToJson(g))]), total));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, int id) =>
        await Visible(db, CurrentUser.From(http)).AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted) is { } group
            ? Results.Json(new JsonObject { ["data"] = ToJson(group) })
            : ApiErrors.NotFound(http, $"Couldn't find UserGroup with 'id'={id}");

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        var name = JsonRead.Str(data!, "name")?.Trim();
        if (string.IsNullOrEmpty(name)) return ApiErrors.Invalid(http, "name", "errors.models.user_group.name_present");
        var uniqueId = JsonRead.Str(data!, "unique_id") ?? "usergroup-" + Guid.NewGuid().ToString("N")[..12];
        if (await db.UserGroups.AnyAsync(g => g.UniqueId == uniqueId, http.RequestAborted)) return ApiErrors.Conflict(http);
        var group = new UserGroup
        {
            UniqueId = uniqueId, Name = name, Description = JsonRead.Str(data!, "description"), Disabled = JsonRead.Bool(data!, "disabled") ?? false,
            AgencyUniqueIds = await AgenciesAsync(db, data!, http.RequestAborted) ?? "[]",
        };
        db.UserGroups.Add(group);
        await db.SaveChangesAsync(http.RequestAborted);
        return data!["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = ToJson(group) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var group = await Visible(db, CurrentUser.From(http)).FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted);
        if (group is null) return ApiErrors.NotFound(http, $"Couldn't find UserGroup with 'id'={id}");
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        if (data!.ContainsKey("name"))
        {
            var name = JsonRead.Str(data, "name")?.Trim();
            if (string.IsNullOrEmpty(name)) return ApiErrors.Invalid(http, "name", "errors.models.user_group.name_present");
            group.Name = name;
        }
        if (data.ContainsKey("description")) group.Description = JsonRead.Str(data, "description");
        if (JsonRead.Bool(data, "disabled") is { } disabled) group.Disabled = disabled;
        if (await AgenciesAsync(db, data, http.RequestAborted) is { } agencies) group.AgencyUniqueIds = agencies;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(group) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, AssociationStore associations, int id)
    {
        var group = await Visible(db, CurrentUser.From(http)).FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted);
        if (group is null) return ApiErrors.NotFound(http, $"Couldn't find UserGroup with 'id'={id}");
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var records = await db.RecordGroups.Where(x => x.UserGroupId == id).Select(x => x.RecordId).ToListAsync(http.RequestAborted);
        await db.UserGroupMemberships.Where(m => m.UserGroupId == id).ExecuteDeleteAsync(http.RequestAborted);
        await db.RecordGroups.Where(x => x.UserGroupId == id).ExecuteDeleteAsync(http.RequestAborted);
        db.UserGroups.Remove(group);
        await db.SaveChangesAsync(http.RequestAborted);
        await associations.RefreshRecordsAsync(records, http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }
}
