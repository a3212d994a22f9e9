using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Users;

/// <summary><c>/api/v2/users</c>: who may see which users is <see cref="UserAdminScope"/>; writes are in <see cref="SaveUser"/>.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", ListAsync).RequirePermission("user", "read");
        users.MapGet("/{id:int}", ShowAsync).PermissionDecidedByHandler("one's own account, or user:read within the caller's administrative scope");
        users.MapPost("/", CreateAsync).RequirePermission("user", "create");
        users.MapPatch("/{id:int}", async (HttpContext http, AmparoDbContext db, SaveUser save, int id) =>
                await SavedAsync(db, await save.UpdateAsync(CurrentUser.From(http), id, await RequestBody.ReadWrappedAsync(http, "data"), http.RequestAborted), http.RequestAborted))
            .PermissionDecidedByHandler("one's own profile fields, or user:write within the caller's administrative scope");
        users.MapDelete("/{id:int}", DeleteAsync).RequirePermission("user", "manage");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, SaveUser save)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var user = await save.CreateAsync(CurrentUser.From(http), data, http.RequestAborted);
        // An offline client that chose the id already has the user.
        return data["id"] is not null ? Results.NoContent() : await SavedAsync(db, user, http.RequestAborted);
    }

    /// <summary>
    /// A saved user as the write answers it: the list's shape, not extended, with how many users are enabled
    /// (<c>metadata.total_enabled</c>, as Primero's create and update answer, for its client's user-limit warning).
    /// </summary>
    private static async Task<IResult> SavedAsync(AmparoDbContext db, User user, CancellationToken ct) =>
        Results.Json(new JsonObject
        {
            ["data"] = (await UserJson.ManyAsync(db, [user], extended: false, ct))[0]!.DeepClone(),
            ["metadata"] = new JsonObject { ["total_enabled"] = await db.Users.CountAsync(u => !u.Disabled, ct) },
        });

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, UserAdminScope scope)
    {
        var q = http.Request.Query;
        var paging = Paging.From(http.Request);
        var users = (await scope.VisibleAsync(CurrentUser.From(http), http.RequestAborted)).AsNoTracking();
        if (QueryFilters.Booleans(q, "disabled") is { Count: > 0 } disabled) users = users.Where(u => disabled.Contains(u.Disabled));
        if (q["query"].ToString().Trim().ToLowerInvariant() is { Length: > 0 } text)
        {
#pragma warning disable CA1304, CA1311, CA1862 // EF turns ToLower() into SQL lower(): no .NET culture is involved
            users = users.Where(u => u.UserName.Contains(text) || u.FullName.ToLower().Contains(text));
#pragma warning restore CA1304, CA1311, CA1862
        }
        if (q["user_name"].ToString() is { Length: > 0 } name) users = users.Where(u => u.UserName == User.Normalize(name));
        if (QueryFilters.Values(q, "agency").Select(v => int.TryParse(v, out var i) ? (int?)i : null).OfType<int>().ToList() is { Count: > 0 } agencies)
            users = users.Where(u => u.AgencyId != null && agencies.Contains(u.AgencyId.Value));

        var total = await users.CountAsync(http.RequestAborted);
        var enabled = await users.CountAsync(u => !u.Disabled, http.RequestAborted);
        var page = await users.OrderBy(u => u.UserName).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);
        var answers = await UserJson.EachAsync(db, page, q["extended"] == "true", http.RequestAborted);
        var list = paging.Streamed(StreamedPage.Of(answers), total);
        list.Metadata["total_enabled"] = enabled;
        return list;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, UserAdminScope scope, int id)
    {
        var actor = CurrentUser.From(http);
        // Everyone may read themselves; anyone else needs user:read and the user in their scope.
        if (id != actor.Id && !actor.Can("user", "read")) return ApiErrors.Forbidden(http);
        var user = await (await scope.VisibleAsync(actor, http.RequestAborted)).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null) return ApiErrors.NotFound(http, $"Couldn't find User with 'id'={id}");
        var extended = http.Request.Query["extended"] == "true";
        var json = (JsonObject)(await UserJson.ManyAsync(db, [user], extended, http.RequestAborted))[0]!.DeepClone();
        if (extended) json["filters"] = await ListFilters.ForAsync(db, user, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = json });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, UserAdminScope scope, AssociationStore associations, Audit.AuditTrail audit, int id)
    {
        var actor = CurrentUser.From(http);
        if (id == actor.Id) return ApiErrors.Forbidden(http);
        var user = await (await scope.VisibleAsync(actor, http.RequestAborted)).FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null) return ApiErrors.NotFound(http, $"Couldn't find User with 'id'={id}");
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var records = await db.RecordUsers.Where(x => x.UserId == id).Select(x => x.RecordId).Distinct().ToListAsync(http.RequestAborted);
        await db.RecordUsers.Where(x => x.UserId == id).ExecuteDeleteAsync(http.RequestAborted);
        await db.Sessions.Where(s => s.UserId == id).ExecuteDeleteAsync(http.RequestAborted);
        db.Users.Remove(user);
        await db.SaveChangesAsync(http.RequestAborted);
        await associations.RefreshRecordsAsync(records, http.RequestAborted);
        await audit.RecordAsync("user_deleted", actor.Id, actor.UserName, "user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }
}
