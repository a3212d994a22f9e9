using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

internal static class CurrentUserLoader
{
    public static Dictionary<string, string> FormGrants(string? json)
    {
        var grants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is not null && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject o)
            foreach (var (form, level) in o)
                if (level is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && s is "r" or "rw") grants[form] = s;
        return grants;
    }

    /// <summary>A user's role, scope, agency and groups as they are now. A disabled or missing role grants nothing.</summary>
    public static async Task<CurrentUser> LoadAsync(AmparoDbContext db, User user, Guid? sessionId, CancellationToken ct)
    {
        var role = user.RoleId is { } roleId ? await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roleId && !r.Disabled, ct) : null;
        var groups = await db.UserGroupMemberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .Join(db.UserGroups.Where(g => !g.Disabled), m => m.UserGroupId, g => g.Id, (m, g) => g.Id).ToListAsync(ct);
        return new CurrentUser(
            user.Id,
            user.UserName,
            role?.GroupPermission ?? Scopes.Self,
            role?.UniqueId,
            role is null ? RolePermissions.None : RolePermissions.Parse(role.Permissions),
            user.AgencyId,
            groups.ToHashSet(),
            FormGrants(role?.FormSectionReadWrite),
            sessionId,
            RoleRequiresTwoFactor: role is { RequireTwoFactor: true },
            HasTwoFactor: user.HasSecondFactor);
    }
}
