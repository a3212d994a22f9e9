using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Users;

/// <summary>
/// Creating and changing users. Administrators may give only roles they may manage and groups they can see.
/// Users editing themselves may change only their name, e-mail, language, password and notification settings: never their role,
/// agency, groups, user name or disabled flag. A change of agency or groups updates record access in the same
/// transaction; a new password ends the user's other sessions.
/// </summary>
internal sealed class SaveUser(AmparoDbContext db, UserAdminScope scope, AssociationStore associations,
    IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock, Audit.AuditTrail audit, ExternalTokenValidator identityProviders)
{
    private static readonly string[] SelfEditable = ["full_name", "email", "locale", "password", "password_confirmation", "code_of_conduct_id", .. Notifications.NotificationSettings.UserKeys];

    /// <summary><c>POST /users</c>: the new user, or an <see cref="ApiException"/> with nothing saved.</summary>
    public async Task<User> CreateAsync(CurrentUser actor, JsonObject data, CancellationToken ct)
    {
        var userName = JsonRead.Str(data, "user_name");
        if (string.IsNullOrWhiteSpace(userName) || userName.Trim().Any(char.IsWhiteSpace) || userName.Length > 100)
            throw ApiException.Invalid("user_name", "errors.models.user.user_name");
        if (await db.Users.AnyAsync(u => u.UserName == User.Normalize(userName), ct))
            throw ApiException.Invalid("user_name", "errors.models.user.user_name_uniqueness");
        // Users of an identity provider never sign in with a password; everyone else needs one.
        if (!data.ContainsKey("password") && !data.ContainsKey("identity_provider_unique_id"))
            throw ApiException.Invalid("password", "errors.models.user.password_present");
        if (!data.ContainsKey("role_unique_id")) throw ApiException.Invalid("role_unique_id", "errors.models.user.role_present");

        var user = new User { UserName = User.Normalize(userName), FullName = "", PasswordHash = "", CreatedAt = clock.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ApplyAsync(actor, user, data, isNew: true, ct);
        await AuditAsync(actor, "user_created", user, data, ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>
    /// <c>PATCH /users/:id</c>: the changed user, or an <see cref="ApiException"/> with nothing saved. Users editing
    /// themselves have every key but their profile's dropped from <paramref name="data"/> first.
    /// </summary>
    public async Task<User> UpdateAsync(CurrentUser actor, int id, JsonObject data, CancellationToken ct)
    {
        var self = id == actor.Id;
        if (!self && !actor.Can("user", "write")) throw ApiException.Forbidden();
        var user = await (await scope.VisibleAsync(actor, ct)).FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw ApiException.NotFound($"Couldn't find User with 'id'={id}");
        if (self)
        {
            foreach (var key in data.Select(kv => kv.Key).Where(k => !SelfEditable.Contains(k)).ToList()) data.Remove(key);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var passwordChanged = await ApplyAsync(actor, user, data, isNew: false, ct);
        if (passwordChanged || user.Disabled)
        {
            // A new password (or a disabled account) ends every session but the one making the change.
            var keep = self ? actor.SessionId : null;
            await db.Sessions.Where(s => s.UserId == user.Id && s.Id != keep).ExecuteDeleteAsync(ct);
        }
        await AuditAsync(actor, "user_updated", user, data, ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>Which fields were sent, never their values (a password among them).</summary>
    private Task AuditAsync(CurrentUser actor, string action, User user, JsonObject data, CancellationToken ct) =>
        audit.RecordAsync(action, actor.Id, actor.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new JsonObject { ["fields"] = new JsonArray([.. data.Select(kv => (JsonNode?)kv.Key).Where(k => k!.GetValue<string>() != "password_confirmation")]) }, ct);

    /// <summary>Validates and applies the request's fields; saves, and refreshes record access when memberships moved. True when the password changed.</summary>
    private async Task<bool> ApplyAsync(CurrentUser actor, User user, JsonObject data, bool isNew, CancellationToken ct)
    {
        if (data.ContainsKey("full_name"))
        {
            var fullName = JsonRead.Str(data, "full_name")?.Trim();
            if (string.IsNullOrEmpty(fullName) || fullName.Length > 200) throw ApiException.Invalid("full_name", "errors.models.user.full_name");
            user.FullName = fullName;
        }
        else if (isNew) throw ApiException.Invalid("full_name", "errors.models.user.full_name");

        if (data.ContainsKey("email"))
        {
            var email = JsonRead.Str(data, "email")?.Trim();
            if (email is not null && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal))) throw ApiException.Invalid("email", "errors.models.user.email");
            user.Email = string.IsNullOrEmpty(email) ? null : email;
        }
        if (data.ContainsKey("locale"))
        {
            var locale = JsonRead.Str(data, "locale");
            if (locale is null || !I18nText.Locales.Contains(locale)) throw ApiException.Invalid("locale", "errors.models.user.locale");
            user.Locale = locale;
        }
        if (Notifications.NotificationSettings.Apply(user, data) is { } badSetting)
            throw ApiException.Invalid(badSetting, "errors.models.user.notification_settings");
        if (!isNew && JsonRead.Str(data, "user_name") is { } newName && User.Normalize(newName) != user.UserName)
        {
            if (newName.Trim().Any(char.IsWhiteSpace) || await db.Users.AnyAsync(u => u.UserName == User.Normalize(newName), ct))
                throw ApiException.Invalid("user_name", "errors.models.user.user_name_uniqueness");
            user.UserName = User.Normalize(newName);
        }

        var passwordChanged = false;
        if (data.ContainsKey("password"))
        {
            var password = JsonRead.Str(data, "password") ?? "";
            var o = options.Value;
            if (password.Length < o.PasswordMinLength || password.Length > o.PasswordMaxLength)
                throw ApiException.Invalid("password", "errors.models.user.password_length");
            if (data.ContainsKey("password_confirmation") && JsonRead.Str(data, "password_confirmation") != password)
                throw ApiException.Invalid("password_confirmation", "errors.models.user.password_mismatch");
            user.PasswordHash = hasher.HashPassword(user, password);
            passwordChanged = !isNew;
        }

        if (data.ContainsKey("code_of_conduct_id"))
        {
            // Only users themselves accept, and only the version in force (Primero's PATCH shape).
            var current = await CodeOfConduct.CodesOfConduct.InForceAsync(db, ct);
            if (user.Id != actor.Id || current is null || JsonRead.Number(data, "code_of_conduct_id") != current.Id)
                throw ApiException.Invalid("code_of_conduct_id", "errors.models.user.code_of_conduct");
            user.CodeOfConductId = current.Id;
            user.CodeOfConductAcceptedOn = clock.GetUtcNow();
        }
        if (data.ContainsKey("identity_provider_unique_id"))
        {
            var provider = JsonRead.Str(data, "identity_provider_unique_id");
            if (provider is not null && identityProviders.Providers.All(p => p.UniqueId != provider))
                throw ApiException.Invalid("identity_provider_unique_id", "errors.models.user.identity_provider");
            user.IdentityProviderUniqueId = provider;
        }
        if (data.ContainsKey("role_unique_id"))
        {
            var uniqueId = JsonRead.Str(data, "role_unique_id");
            var role = uniqueId is null ? null : await db.Roles.FirstOrDefaultAsync(r => r.UniqueId == uniqueId, ct);
            if (role is null) throw ApiException.Invalid("role_unique_id", "errors.models.user.role");
            if (!RoleManagement.MayManage(actor, role)) throw ApiException.Forbidden();
            user.RoleId = role.Id;
        }
        if (JsonRead.Bool(data, "disabled") is { } disabled)
        {
            if (disabled && user.Id == actor.Id) throw ApiException.Forbidden();
            user.Disabled = disabled;
        }

        var membershipChanged = false;
        if (data.ContainsKey("agency_id"))
        {
            var agencyId = JsonRead.Number(data, "agency_id");
            if (data["agency_id"] is not null && (agencyId is null || !await db.Agencies.AnyAsync(a => a.Id == agencyId, ct)))
                throw ApiException.Invalid("agency_id", "errors.models.user.agency");
            membershipChanged |= user.AgencyId != agencyId;
            user.AgencyId = agencyId;
        }
        List<int>? groupIds = null;
        if (data.ContainsKey("user_group_unique_ids"))
        {
            var uniqueIds = JsonRead.StrList(data, "user_group_unique_ids");
            if (uniqueIds is null) throw ApiException.Invalid("user_group_unique_ids", "errors.models.user.user_groups");
            var groups = await db.UserGroups.Where(g => uniqueIds.Contains(g.UniqueId)).ToListAsync(ct);
            if (groups.Count != uniqueIds.Distinct().Count()) throw ApiException.Invalid("user_group_unique_ids", "errors.models.user.user_groups");
            var mayAssignAny = actor.IsSuperuser || actor.Scope is Scopes.All or Scopes.AdminOnly;
            if (!mayAssignAny && groups.Any(g => !actor.GroupIds.Contains(g.Id))) throw ApiException.Forbidden();
            groupIds = [.. groups.Select(g => g.Id)];
        }

        if (isNew) db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        if (groupIds is not null)
        {
            var current = await db.UserGroupMemberships.Where(m => m.UserId == user.Id).ToListAsync(ct);
            db.UserGroupMemberships.RemoveRange(current.Where(m => !groupIds.Contains(m.UserGroupId)));
            db.UserGroupMemberships.AddRange(groupIds.Where(g => current.All(m => m.UserGroupId != g)).Select(g => new Amparo.Server.Features.UserGroups.UserGroupMembership { UserId = user.Id, UserGroupId = g }));
            membershipChanged |= current.Count != groupIds.Count || current.Any(m => !groupIds.Contains(m.UserGroupId));
            await db.SaveChangesAsync(ct);
        }
        if (membershipChanged && !isNew) await associations.RefreshForUserAsync(user.Id, ct);
        return passwordChanged;
    }
}
