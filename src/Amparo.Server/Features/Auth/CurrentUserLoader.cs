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
            HasTwoFactor: user.HasSecondFactor)
        {
            RoleModuleIds = role is null ? [] : Forms.FormCatalog.Strings(role.ModuleUniqueIds),
        };
    }
}

/// <summary>
/// Signed-in users as <see cref="CurrentUserLoader"/> built them, shared by the requests of this process and kept
/// while the tenant's access stamp is the one they were built under (ADR 0025): a role, group, membership or user
/// change makes the stamp new in the same transaction, so it is in force from the next request on, in every process.
/// Bounded by the users who sign in; emptied if it ever holds more than <see cref="MaxUsers"/>.
/// </summary>
internal sealed class CurrentUserCache
{
    private const int MaxUsers = 20_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Tenant, int User), (Guid Stamp, CurrentUser User)> _users = new();

    /// <summary>The user as they are now, with this request's session; null when the account is gone or disabled.</summary>
    public async Task<CurrentUser?> GetAsync(AmparoDbContext db, TenantStamps stamps, int userId, Guid? sessionId, CancellationToken ct)
    {
        var (access, _) = await stamps.ReadAsync(ct);
        if (Cached(db, userId, access, sessionId) is { } cached) return cached;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.Disabled) return null;
        return await LoadAsync(db, user, access, sessionId, ct);
    }

    /// <summary>The user of a row the caller has just read (a password check reads it anyway).</summary>
    public async Task<CurrentUser> GetAsync(AmparoDbContext db, TenantStamps stamps, User user, Guid? sessionId, CancellationToken ct)
    {
        var (access, _) = await stamps.ReadAsync(ct);
        return Cached(db, user.Id, access, sessionId) ?? await LoadAsync(db, user, access, sessionId, ct);
    }

    private CurrentUser? Cached(AmparoDbContext db, int userId, Guid access, Guid? sessionId) =>
        _users.TryGetValue((db.CurrentTenantId, userId), out var cached) && cached.Stamp == access ? cached.User with { SessionId = sessionId } : null;

    private async Task<CurrentUser> LoadAsync(AmparoDbContext db, User user, Guid access, Guid? sessionId, CancellationToken ct)
    {
        var current = await CurrentUserLoader.LoadAsync(db, user, sessionId, ct);
        if (_users.Count >= MaxUsers) _users.Clear();
        _users[(db.CurrentTenantId, user.Id)] = (access, current);
        return current;
    }
}
