using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Auth;

internal static class CurrentUserLoader
{
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
            sessionId);
    }
}
