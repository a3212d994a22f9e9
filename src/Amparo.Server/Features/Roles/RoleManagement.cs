using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;

namespace Amparo.Server.Features.Roles;

/// <summary>Which roles a user administers: the rule the role endpoints and user saving share.</summary>
internal static class RoleManagement
{
    /// <summary>Whether <paramref name="user"/> may see and act on <paramref name="role"/> at all.</summary>
    public static bool MayManage(CurrentUser user, Role role) => MayManage(user.Permissions, role);

    /// <summary>Whether a holder of <paramref name="manager"/> may see and act on <paramref name="role"/> at all.</summary>
    public static bool MayManage(RolePermissions manager, Role role)
    {
        if (manager.IsSuperuser) return true;
        var grants = RolePermissions.Parse(role.Permissions);
        if (grants.IsSuperuser || grants.IsUserAdmin) return false;
        return manager.Objects["role"] is not JsonArray listed
            || listed.Any(n => n is JsonValue v && v.TryGetValue<string>(out var s) && s == role.UniqueId);
    }
}
