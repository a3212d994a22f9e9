using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Identified;

/// <summary>
/// Primero's "identified" users (§3.4): people — often the children themselves — whose role has the <c>identified</c>
/// scope and who reach exactly the case that names them in <c>identified_by</c>. A user with <c>case:attribute</c> sets
/// it (<c>record_action=attribute</c>), choosing from <c>GET /users/identified</c>; one identified user names one case,
/// which <c>GET /cases/identified</c> returns to them. The scope itself is <see cref="RecordAccess"/>'s to apply.
/// </summary>
internal static class IdentifiedCases
{
    public const string Action = "attribute";
    public const string Field = "identified_by";

    public static IEndpointRouteBuilder MapIdentifiedEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cases/identified", CaseAsync).RequirePermission(RecordEndpoints.Cases, "read").WithTags("cases")
            .WithSummary("The case that names the caller in identified_by; 404 if none.");
        api.MapGet("/users/identified", UsersAsync).RequirePermission(RecordEndpoints.Cases, Action).WithTags("Users")
            .WithSummary("Users who may be named in identified_by (roles of the identified scope): L({user_name, full_name, email}).");
        return api;
    }

    /// <summary>Users of the identified category: enabled, verified, with a role of the <c>identified</c> scope.</summary>
    private static IQueryable<User> Category(AmparoDbContext db) =>
        db.Users.Where(u => !u.Disabled && !u.Unverified && db.Set<Roles.Role>().Any(r => r.Id == u.RoleId && r.GroupPermission == Scopes.Identified));

    /// <summary>
    /// <c>record_action=attribute</c> with <c>data{identified_by}</c>: a user of the identified category, or null to clear.
    /// Returns the changed keys; a refusal is an <see cref="ApiException"/>, and nothing is changed.
    /// </summary>
    public static async Task<List<string>> AttributeAsync(AmparoDbContext db, RecordEntity record, JsonObject data, CancellationToken ct)
    {
        if (record.RecordType != RecordEndpoints.Cases || !data.ContainsKey(Field)) throw ApiException.InvalidRecord(["/" + Field]);
        User? user = null;
        if (data[Field] is not null)
        {
            if (data[Field] is not JsonValue v || !v.TryGetValue<string>(out var name)) throw ApiException.InvalidRecord(["/" + Field]);
            var normalized = User.Normalize(name);
            user = await Category(db).FirstOrDefaultAsync(u => u.UserName == normalized, ct) ?? throw ApiException.InvalidRecord(["/" + Field]);
            if (await db.Records.AnyAsync(r => r.IdentifiedByUserId == user.Id && r.Id != record.Id, ct))
                throw ApiException.Invalid(Field, "errors.models.child.identified_by_exists");
        }
        if (record.IdentifiedByUserId == user?.Id) return [];
        record.IdentifiedByUserId = user?.Id;
        record.IdentifiedBy = user?.UserName;
        return [Field];
    }

    private static async Task<IResult> CaseAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions)
    {
        var user = CurrentUser.From(http);
        var id = await db.Records.Where(r => r.RecordType == RecordEndpoints.Cases && r.IdentifiedByUserId == user.Id)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(http.RequestAborted);
        if (id is null) return ApiErrors.NotFound(http, "Couldn't find case identified by the current user");
        // Named in a case is not the same as allowed to open it: the one access rule still decides (403 for other scopes).
        return await RecordEndpoints.ShowAsync(http, db, permissions, RecordEndpoints.Cases, id.Value.ToString());
    }

    private static async Task<IResult> UsersAsync(HttpContext http, AmparoDbContext db)
    {
        var paging = Paging.From(http.Request);
        var users = Category(db);
        if (http.Request.Query["query"].ToString().Trim().ToLowerInvariant() is { Length: > 0 } query)
        {
            // User names are stored lower-case; EF turns ToLower() into SQL lower(), so no .NET culture is involved.
#pragma warning disable CA1304, CA1311, CA1862
            users = users.Where(u => u.UserName.Contains(query) || u.FullName.ToLower().Contains(query));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var total = await users.CountAsync(http.RequestAborted);
        var page = await users.OrderBy(u => u.UserName).Skip(paging.Skip).Take(paging.Per)
            .Select(u => new { u.UserName, u.FullName, u.Email }).ToListAsync(http.RequestAborted);
        var data = new JsonArray([.. page.Select(u => (JsonNode?)new JsonObject { ["user_name"] = u.UserName, ["full_name"] = u.FullName, ["email"] = u.Email })]);
        return Results.Json(paging.Envelope(data, total));
    }
}
