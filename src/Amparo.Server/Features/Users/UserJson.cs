using System.Text.Json.Nodes;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Users;

/// <summary>A user as Primero's API shows it: never the password hash, lock counters or internal ids of secrets.</summary>
internal static class UserJson
{
    public static async Task<JsonArray> ManyAsync(AmparoDbContext db, IReadOnlyList<User> users, bool extended, CancellationToken ct) =>
        [.. await EachAsync(db, users, extended, ct)];

    /// <summary>
    /// The users' answers, made one by one as they are enumerated (what they refer to is loaded first, so nothing queries
    /// while a list is being written): an extended page of 1,000 users, each with every form, is never held whole.
    /// </summary>
    public static async Task<IEnumerable<JsonObject>> EachAsync(AmparoDbContext db, IReadOnlyList<User> users, bool extended, CancellationToken ct)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roleIds = users.Select(u => u.RoleId).OfType<int>().Distinct().ToList();
        var agencyIds = users.Select(u => u.AgencyId).OfType<int>().Distinct().ToList();
        var roles = await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var groups = (await db.UserGroupMemberships.AsNoTracking().Where(m => ids.Contains(m.UserId))
                .Join(db.UserGroups, m => m.UserGroupId, g => g.Id, (m, g) => new { m.UserId, g.Id, g.UniqueId, g.Name })
                .ToListAsync(ct))
            .ToLookup(x => x.UserId);

        // A superuser reads and writes every form (as FieldPermissions grants), whatever its role lists; the forms that
        // hold a name decide whether a role's lists may show one.
        var formsWithNames = new HashSet<string>(StringComparer.Ordinal);
        var allForms = new List<string>();
        List<Role> allRoles = [];
        JsonObject reportingLocation = [];
        if (extended)
        {
            allRoles = await db.Roles.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
            reportingLocation = SystemSettings.TenantSettings.ReportingLocationConfig(await SystemSettings.TenantSettings.StoredAsync(db, ct));
            foreach (var form in await new Forms.FormCatalog(db).AllFormsAsync(ct))
            {
                allForms.Add(form.UniqueId);
                if (form.Fields.Any(f => f.Name == "name_first")) formsWithNames.Add(form.UniqueId);
            }
        }
        return Make();

        IEnumerable<JsonObject> Make()
        {
        foreach (var u in users)
        {
            var role = u.RoleId is { } r ? roles.GetValueOrDefault(r) : null;
            var agency = u.AgencyId is { } a ? agencies.GetValueOrDefault(a) : null;
            var o = new JsonObject
            {
                ["id"] = u.Id,
                ["user_name"] = u.UserName,
                ["full_name"] = u.FullName,
                ["email"] = u.Email,
                ["locale"] = u.Locale,
                ["disabled"] = u.Disabled,
                ["two_factor_enabled"] = u.TwoFactorEnabled,
                ["code_of_conduct_id"] = u.CodeOfConductId,
                ["code_of_conduct_accepted_on"] = Platform.Api.ApiTime.Format(u.CodeOfConductAcceptedOn),
                ["agency_id"] = u.AgencyId,
                ["agency_unique_id"] = agency?.UniqueId,
                ["role_unique_id"] = role?.UniqueId,
                ["identity_provider_unique_id"] = u.IdentityProviderUniqueId,
                ["role_group_permission"] = role?.GroupPermission,
                ["module_unique_ids"] = role is null ? new JsonArray() : JsonNode.Parse(role.ModuleUniqueIds),
                ["user_group_unique_ids"] = new JsonArray([.. groups[u.Id].Select(g => (JsonNode?)g.UniqueId)]),
                ["user_groups"] = new JsonArray([.. groups[u.Id].Select(g => (JsonNode?)new JsonObject { ["id"] = g.Id, ["unique_id"] = g.UniqueId, ["name"] = g.Name })]),
                ["self_registered"] = u.SelfRegistered,
                ["registration_stream"] = u.RegistrationStream,
                ["unverified"] = u.Unverified,
                ["created_at"] = Platform.Api.ApiTime.Format(u.CreatedAt),
            };
            Notifications.NotificationSettings.WriteTo(o, u);
            if (extended)
            {
                var grants = role is null ? RolePermissions.None : RolePermissions.Parse(role.Permissions);
                o["permissions"] = new JsonObject
                {
                    ["list"] = new JsonArray([.. grants.Grants.Select(kv => (JsonNode?)new JsonObject
                    {
                        ["resource"] = Amparo.Contracts.PermissionResources.ToWire(kv.Key),
                        ["actions"] = new JsonArray([.. kv.Value.Select(x => (JsonNode?)x)]),
                    })]),
                };
                o["permitted_form"] = role is null ? new JsonObject()
                    : grants.IsSuperuser ? new JsonObject([.. allForms.Select(f => KeyValuePair.Create(f, (JsonNode?)"rw"))])
                    : JsonNode.Parse(role.FormSectionReadWrite);
                o["is_manager"] = role?.IsManager ?? false;
                var readable = o["permitted_form"] as JsonObject ?? [];
                o["list_headers"] = ListHeaders.For(grants, role is null ? [] : Forms.FormCatalog.Strings(role.ModuleUniqueIds), role?.IsManager ?? false,
                    readable.Any(kv => formsWithNames.Contains(kv.Key)));
                o["agency_name"] = agency is null ? null : Platform.Api.I18nText.Get(agency.Name);
                o["reporting_location_config"] = reportingLocation.DeepClone();
                // The roles this user may give users or edit (Primero's user and role pages offer only these); none to
                // a user who administers neither.
                var administers = grants.IsSuperuser || grants.Grants.ContainsKey("user") || grants.Grants.ContainsKey("role");
                o["permitted_role_unique_ids"] = new JsonArray([.. allRoles.Where(x => administers && RoleManagement.MayManage(grants, x)).Select(x => (JsonNode?)x.UniqueId)]);
            }
            yield return o;
        }
        }
    }
}
