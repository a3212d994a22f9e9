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

    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        var actor = CurrentUser.From(http);
        var userName = JsonRead.Str(data!, "user_name");
        if (string.IsNullOrWhiteSpace(userName) || userName.Trim().Any(char.IsWhiteSpace) || userName.Length > 100)
            return ApiErrors.Invalid(http, "user_name", "errors.models.user.user_name");
        if (await db.Users.AnyAsync(u => u.UserName == User.Normalize(userName), http.RequestAborted))
            return ApiErrors.Invalid(http, "user_name", "errors.models.user.user_name_uniqueness");
        // Users of an identity provider never sign in with a password; everyone else needs one.
        if (!data!.ContainsKey("password") && !data.ContainsKey("identity_provider_unique_id"))
            return ApiErrors.Invalid(http, "password", "errors.models.user.password_present");
        if (!data.ContainsKey("role_unique_id")) return ApiErrors.Invalid(http, "role_unique_id", "errors.models.user.role_present");

        var user = new User { UserName = User.Normalize(userName), FullName = "", PasswordHash = "", CreatedAt = clock.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var (problem, _) = await ApplyAsync(http, actor, user, data, isNew: true);
        if (problem is not null) return problem;
        await AuditAsync(actor, "user_created", user, data, http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        if (data["id"] is not null) return Results.NoContent();
        return await RespondAsync(user, http);
    }

    public async Task<IResult> UpdateAsync(HttpContext http, int id)
    {
        var actor = CurrentUser.From(http);
        var self = id == actor.Id;
        if (!self && !actor.Can("user", "write")) return ApiErrors.Forbidden(http);
        var user = await (await scope.VisibleAsync(actor, http.RequestAborted)).FirstOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null) return ApiErrors.NotFound(http, $"Couldn't find User with 'id'={id}");
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        if (self)
        {
            foreach (var key in data!.Select(kv => kv.Key).Where(k => !SelfEditable.Contains(k)).ToList()) data!.Remove(key);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var (problem, passwordChanged) = await ApplyAsync(http, actor, user, data!, isNew: false);
        if (problem is not null) return problem;
        if (passwordChanged || user.Disabled)
        {
            // A new password (or a disabled account) ends every session but the one making the change.
            var keep = self ? actor.SessionId : null;
            await db.Sessions.Where(s => s.UserId == user.Id && s.Id != keep).ExecuteDeleteAsync(http.RequestAborted);
        }
        await AuditAsync(actor, "user_updated", user, data!, http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return await RespondAsync(user, http);
    }

    /// <summary>Which fields were sent, never their values (a password among them).</summary>
    private Task AuditAsync(CurrentUser actor, string action, User user, JsonObject data, CancellationToken ct) =>
        audit.RecordAsync(action, actor.Id, actor.UserName, "user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new JsonObject { ["fields"] = new JsonArray([.. data.Select(kv => (JsonNode?)kv.Key).Where(k => k!.GetValue<string>() != "password_confirmation")]) }, ct);

    private async Task<IResult> RespondAsync(User user, HttpContext http)
    {
        var json = await UserJson.ManyAsync(db, [user], extended: false, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = json[0]!.DeepClone() });
    }

    /// <summary>Validates and applies the request's fields; saves, and refreshes record access when memberships moved.</summary>
    private async Task<(IResult? Problem, bool PasswordChanged)> ApplyAsync(HttpContext http, CurrentUser actor, User user, JsonObject data, bool isNew)
    {
        var ct = http.RequestAborted;
        if (data.ContainsKey("full_name"))
        {
            var fullName = JsonRead.Str(data, "full_name")?.Trim();
            if (string.IsNullOrEmpty(fullName) || fullName.Length > 200) return (ApiErrors.Invalid(http, "full_name", "errors.models.user.full_name"), false);
            user.FullName = fullName;
        }
        else if (isNew) return (ApiErrors.Invalid(http, "full_name", "errors.models.user.full_name"), false);

        if (data.ContainsKey("email"))
        {
            var email = JsonRead.Str(data, "email")?.Trim();
            if (email is not null && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal))) return (ApiErrors.Invalid(http, "email", "errors.models.user.email"), false);
            user.Email = string.IsNullOrEmpty(email) ? null : email;
        }
        if (data.ContainsKey("locale"))
        {
            var locale = JsonRead.Str(data, "locale");
            if (locale is null || !I18nText.Locales.Contains(locale)) return (ApiErrors.Invalid(http, "locale", "errors.models.user.locale"), false);
            user.Locale = locale;
        }
        if (Notifications.NotificationSettings.Apply(user, data) is { } badSetting)
            return (ApiErrors.Invalid(http, badSetting, "errors.models.user.notification_settings"), false);
        if (!isNew && JsonRead.Str(data, "user_name") is { } newName && User.Normalize(newName) != user.UserName)
        {
            if (newName.Trim().Any(char.IsWhiteSpace) || await db.Users.AnyAsync(u => u.UserName == User.Normalize(newName), ct))
                return (ApiErrors.Invalid(http, "user_name", "errors.models.user.user_name_uniqueness"), false);
            user.UserName = User.Normalize(newName);
        }

        var passwordChanged = false;
        if (data.ContainsKey("password"))
        {
            var password = JsonRead.Str(data, "password") ?? "";
            var o = options.Value;
            if (password.Length < o.PasswordMinLength || password.Length > o.PasswordMaxLength)
                return (ApiErrors.Invalid(http, "password", "errors.models.user.password_length"), false);
            if (data.ContainsKey("password_confirmation") && JsonRead.Str(data, "password_confirmation") != password)
                return (ApiErrors.Invalid(http, "password_confirmation", "errors.models.user.password_mismatch"), false);
            user.PasswordHash = hasher.HashPassword(user, password);
            passwordChanged = !isNew;
        }

        if (data.ContainsKey("code_of_conduct_id"))
        {
            // Only users themselves accept, and only the version in force (Primero's PATCH shape).
            var current = await CodeOfConduct.CodesOfConduct.InForceAsync(db, ct);
            if (user.Id != actor.Id || current is null || JsonRead.Number(data, "code_of_conduct_id") != current.Id)
                return (ApiErrors.Invalid(http, "code_of_conduct_id", "errors.models.user.code_of_conduct"), false);
            user.CodeOfConductId = current.Id;
            user.CodeOfConductAcceptedOn = clock.GetUtcNow();
        }
        if (data.ContainsKey("identity_provider_unique_id"))
        {
            var provider = JsonRead.Str(data, "identity_provider_unique_id");
            if (provider is not null && identityProviders.Providers.All(p => p.UniqueId != provider))
                return (ApiErrors.Invalid(http, "identity_provider_unique_id", "errors.models.user.identity_provider"), false);
            user.IdentityProviderUniqueId = provider;
        }
        if (data.ContainsKey("role_unique_id"))
        {
            var uniqueId = JsonRead.Str(data, "role_unique_id");
            var role = uniqueId is null ? null : await db.Roles.FirstOrDefaultAsync(r => r.UniqueId == uniqueId, ct);
            if (role is null) return (ApiErrors.Invalid(http, "role_unique_id", "errors.models.user.role"), false);
            if (!RoleManagement.MayManage(actor, role)) return (ApiErrors.Forbidden(http), false);
            user.RoleId = role.Id;
        }
        if (JsonRead.Bool(data, "disabled") is { } disabled)
        {
            if (disabled && user.Id == actor.Id) return (ApiErrors.Forbidden(http), false);
            user.Disabled = disabled;
        }

        var membershipChanged = false;
        if (data.ContainsKey("agency_id"))
        {
            var agencyId = JsonRead.Number(data, "agency_id");
            if (data["agency_id"] is not null && (agencyId is null || !await db.Agencies.AnyAsync(a => a.Id == agencyId, ct)))
                return (ApiErrors.Invalid(http, "agency_id", "errors.models.user.agency"), false);
            membershipChanged |= user.AgencyId != agencyId;
            user.AgencyId = agencyId;
        }
        List<int>? groupIds = null;
        if (data.ContainsKey("user_group_unique_ids"))
        {
            var uniqueIds = JsonRead.StrList(data, "user_group_unique_ids");
            if (uniqueIds is null) return (ApiErrors.Invalid(http, "user_group_unique_ids", "errors.models.user.user_groups"), false);
            var groups = await db.UserGroups.Where(g => uniqueIds.Contains(g.UniqueId)).ToListAsync(ct);
            if (groups.Count != uniqueIds.Distinct().Count()) return (ApiErrors.Invalid(http, "user_group_unique_ids", "errors.models.user.user_groups"), false);
            var mayAssignAny = actor.IsSuperuser || actor.Scope is Scopes.All or Scopes.AdminOnly;
            if (!mayAssignAny && groups.Any(g => !actor.GroupIds.Contains(g.Id))) return (ApiErrors.Forbidden(http), false);
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
        return (null, passwordChanged);
    }
}
