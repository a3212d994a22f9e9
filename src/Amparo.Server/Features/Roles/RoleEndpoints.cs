using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Roles;

/// <summary>
/// <c>/api/v2/roles</c>. Only a superuser sees or touches superuser and user-administrator roles; a role's
/// <c>objects.role</c> list narrows which roles its users may manage; nobody but an <c>all</c>-scoped user
/// edits the role they hold; and nobody grants a permission they do not hold themselves (Primero lets a
/// role editor create a role with every permission and so make themselves a superuser).
/// </summary>
internal static class RoleEndpoints
{
    public static IEndpointRouteBuilder MapRoleEndpoints(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/roles").WithTags("Roles");
        roles.MapGet("/", ListAsync).PermissionDecidedByHandler("role:read lists all; others see only roles they may assign or their own");
        roles.MapGet("/{id:int}", ShowAsync).RequirePermission("role", "read");
        roles.MapPost("/", CreateAsync).RequirePermission("role", "create");
        roles.MapPatch("/{id:int}", UpdateAsync).RequirePermission("role", "write");
        roles.MapDelete("/{id:int}", DeleteAsync).RequirePermission("role", "manage");
        return api;
    }

    public static JsonObject ToJson(Role r) => new()
    {
        ["id"] = r.Id,
        ["unique_id"] = r.UniqueId,
        ["name"] = r.Name,
        ["description"] = r.Description,
        ["group_permission"] = r.GroupPermission,
        ["referral_authorization"] = r.ReferralAuthorization,
        ["referral"] = r.Referral,
        ["transfer"] = r.Transfer,
        ["disabled"] = r.Disabled,
        ["is_manager"] = r.IsManager,
        ["require_two_factor"] = r.RequireTwoFactor,
        ["module_unique_ids"] = JsonNode.Parse(r.ModuleUniqueIds),
        ["form_section_read_write"] = JsonNode.Parse(r.FormSectionReadWrite),
        ["permissions"] = JsonNode.Parse(r.Permissions),
    };

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db)
    {
        var user = CurrentUser.From(http);
        var q = http.Request.Query;
        var roles = (await db.Roles.AsNoTracking().OrderBy(r => r.Id).ToListAsync(http.RequestAborted)).Where(r => RoleManagement.MayManage(user, r));
        if (QueryFilters.Booleans(q, "disabled") is { Count: > 0 } disabled) roles = roles.Where(r => disabled.Contains(r.Disabled));
        if (QueryFilters.Values(q, "group_permission") is { Count: > 0 } scopes) roles = roles.Where(r => scopes.Contains(r.GroupPermission));
        if (q["external"] == "true") roles = roles.Where(r => !r.Disabled && (r.Referral || r.Transfer));
        if (q["referral_authorization"] == "true") roles = roles.Where(r => r.ReferralAuthorization);
        var list = roles.ToList();
        if (!QueryFilters.AsksForPaging(q))
        {
            return Results.Json(Paging.Unpaged(new JsonArray([.. list.Select(r => (JsonNode?)ToJson(r))])));
        }
        // Roles default to 100 a page (Primero).
        var paging = Paging.From(http.Request, defaultPer: 100);
        return Results.Json(paging.Envelope(new JsonArray([.. list.Skip(paging.Skip).Take(paging.Per).Select(r => (JsonNode?)ToJson(r))]), list.Count));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted);
        if (role is null || !RoleManagement.MayManage(CurrentUser.From(http), role)) return ApiErrors.NotFound(http, $"Couldn't find Role with 'id'={id}");
        return Results.Json(new JsonObject { ["data"] = ToJson(role) });
    }

    private static Task AuditAsync(HttpContext http, Audit.AuditTrail audit, string action, Role role, JsonObject? data) =>
        audit.RecordAsync(action, CurrentUser.From(http).Id, CurrentUser.From(http).UserName, "role", role.UniqueId,
            data is null ? null : new JsonObject { ["fields"] = new JsonArray([.. data.Select(kv => (JsonNode?)kv.Key)]) }, http.RequestAborted);

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, Audit.AuditTrail audit)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var name = JsonRead.Str(data!, "name")?.Trim();
        if (string.IsNullOrEmpty(name)) return ApiErrors.Invalid(http, "name", "errors.models.role.name_present");
        if (data!["permissions"] is not JsonObject { Count: > 0 }) return ApiErrors.Invalid(http, "permissions", "errors.models.role.permission_presence");
        var uniqueId = JsonRead.Str(data, "unique_id") ?? "role-" + string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        if (await db.Roles.AnyAsync(r => r.UniqueId == uniqueId, http.RequestAborted)) return ApiErrors.Conflict(http);
        var role = new Role { UniqueId = uniqueId, Name = name };
        if (Apply(http, CurrentUser.From(http), role, data) is { } invalid) return invalid;
        db.Roles.Add(role);
        await db.SaveChangesAsync(http.RequestAborted);
        await AuditAsync(http, audit, "role_created", role, data);
        return data["id"] is not null ? Results.NoContent() : Results.Json(new JsonObject { ["data"] = ToJson(role) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, Audit.AuditTrail audit, int id)
    {
        var user = CurrentUser.From(http);
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted);
        if (role is null || !RoleManagement.MayManage(user, role)) return ApiErrors.NotFound(http, $"Couldn't find Role with 'id'={id}");
        if (role.UniqueId == user.RoleUniqueId && user.Scope != Users.Scopes.All) return ApiErrors.Forbidden(http);
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (data!.ContainsKey("name"))
        {
            var name = JsonRead.Str(data, "name")?.Trim();
            if (string.IsNullOrEmpty(name)) return ApiErrors.Invalid(http, "name", "errors.models.role.name_present");
            role.Name = name;
        }
        if (data.ContainsKey("permissions") && data["permissions"] is not JsonObject { Count: > 0 })
            return ApiErrors.Invalid(http, "permissions", "errors.models.role.permission_presence");
        if (Apply(http, user, role, data) is { } invalid) return invalid;
        await db.SaveChangesAsync(http.RequestAborted);
        await AuditAsync(http, audit, "role_updated", role, data);
        return Results.Json(new JsonObject { ["data"] = ToJson(role) });
    }

    /// <summary>Copies the request's settings onto the role, or returns the 403/422 that forbids them.</summary>
    private static IResult? Apply(HttpContext http, CurrentUser user, Role role, JsonObject data)
    {
        if (data.ContainsKey("description")) role.Description = JsonRead.Str(data, "description");
        if (data.ContainsKey("group_permission"))
        {
            var scope = JsonRead.Str(data, "group_permission");
            if (scope is null || !PermissionCatalog.ScopeLevels.Contains(scope)) return ApiErrors.Invalid(http, "group_permission", "errors.models.role.group_permission");
            role.GroupPermission = scope;
        }
        if (data["permissions"] is JsonObject permissions)
        {
            var (normalised, problems) = RolePermissions.Validate(permissions);
            if (problems.Count > 0) return ApiErrors.Error(http, 422, new JsonArray("errors.models.role.permission_invalid"), new JsonArray([.. problems.Select(p => (JsonNode?)p)]));
            var grants = RolePermissions.Parse(normalised.ToJsonString());
            if (!user.IsSuperuser && grants.Grants.Any(kv => kv.Value.Any(action => !user.Can(kv.Key, action))))
                return ApiErrors.Forbidden(http);
            role.Permissions = normalised.ToJsonString();
        }
        if (data.ContainsKey("module_unique_ids"))
        {
            if (JsonRead.StrList(data, "module_unique_ids") is not { } modules) return ApiErrors.Invalid(http, "module_unique_ids", "errors.models.role.module_unique_ids");
            role.ModuleUniqueIds = new JsonArray([.. modules.Select(m => (JsonNode?)m)]).ToJsonString();
        }
        if (data.ContainsKey("form_section_read_write"))
        {
            if (data["form_section_read_write"] is not JsonObject forms
                || forms.Any(kv => kv.Value is not JsonValue v || !v.TryGetValue<string>(out var level) || level is not ("r" or "rw")))
                return ApiErrors.Invalid(http, "form_section_read_write", "errors.models.role.form_section_read_write");
            role.FormSectionReadWrite = forms.ToJsonString();
        }
        role.IsManager = JsonRead.Bool(data, "is_manager") ?? role.IsManager;
        role.Referral = JsonRead.Bool(data, "referral") ?? role.Referral;
        role.Transfer = JsonRead.Bool(data, "transfer") ?? role.Transfer;
        role.ReferralAuthorization = JsonRead.Bool(data, "referral_authorization") ?? role.ReferralAuthorization;
        role.Disabled = JsonRead.Bool(data, "disabled") ?? role.Disabled;
        role.RequireTwoFactor = JsonRead.Bool(data, "require_two_factor") ?? role.RequireTwoFactor;
        return null;
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, Audit.AuditTrail audit, int id)
    {
        var user = CurrentUser.From(http);
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, http.RequestAborted);
        if (role is null || !RoleManagement.MayManage(user, role)) return ApiErrors.NotFound(http, $"Couldn't find Role with 'id'={id}");
        if (role.UniqueId == user.RoleUniqueId) return ApiErrors.Forbidden(http);
        if (await db.Users.AnyAsync(u => u.RoleId == id, http.RequestAborted)) return ApiErrors.Invalid(http, "users", "errors.models.role.users_assigned");
        db.Roles.Remove(role);
        await db.SaveChangesAsync(http.RequestAborted);
        await AuditAsync(http, audit, "role_deleted", role, null);
        return Results.Json(Paging.Deleted(id));
    }
}
