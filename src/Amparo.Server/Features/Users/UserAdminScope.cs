using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Users;

/// <summary>
/// Which users a user may see and administer (Primero's PermittedUsersService, with its rules made one query):
/// a superuser, everyone; a user administrator, everyone but superusers; anyone else, never superusers or user
/// administrators, and then by scope: <c>all</c> everyone, <c>user:agency_read</c> their agency, <c>group</c>
/// those sharing a group, otherwise nobody. Everyone sees themselves.
/// </summary>
internal sealed class UserAdminScope(AmparoDbContext db)
{
    private (HashSet<int> Super, HashSet<int> Admin)? _kinds;

    public async Task<(HashSet<int> Super, HashSet<int> Admin)> RoleKindsAsync(CancellationToken ct)
    {
        if (_kinds is { } known) return known;
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Permissions }).ToListAsync(ct);
        var parsed = roles.Select(r => (r.Id, Grants: RolePermissions.Parse(r.Permissions))).ToList();
        _kinds = ([.. parsed.Where(r => r.Grants.IsSuperuser).Select(r => r.Id)], [.. parsed.Where(r => r.Grants.IsUserAdmin).Select(r => r.Id)]);
        return _kinds.Value;
    }

    public async Task<IQueryable<User>> VisibleAsync(CurrentUser actor, CancellationToken ct)
    {
        if (actor.IsSuperuser) return db.Users;
        var (super, admin) = await RoleKindsAsync(ct);
        var self = actor.Id;
        var notSuper = db.Users.Where(u => u.RoleId == null || !super.Contains(u.RoleId.Value));
        if (actor.IsUserAdmin) return notSuper;
        var plain = notSuper.Where(u => u.RoleId == null || !admin.Contains(u.RoleId.Value));
        if (actor.Scope == Scopes.All) return plain;
        if (actor.Can("user", "agency_read") && actor.AgencyId is { } agency)
            return plain.Where(u => u.AgencyId == agency || u.Id == self);
        if (actor.Scope == Scopes.Group)
        {
            var groups = actor.GroupIds.ToList();
            return plain.Where(u => u.Id == self || db.Set<UserGroups.UserGroupMembership>().Any(m => m.UserId == u.Id && groups.Contains(m.UserGroupId)));
        }
        return db.Users.Where(u => u.Id == self);
    }
}
