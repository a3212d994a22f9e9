using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Roles;

/// <summary>Amparo's own starting roles: a superuser, a case worker (own cases) and a case manager (the team's cases).</summary>
internal static class DefaultRoles
{
    public const string Superuser = "role-superuser";
    public const string CaseWorker = "role-cp-case-worker";
    public const string CaseManager = "role-cp-case-manager";

    /// <summary>Everything: <c>manage</c> where a resource has it, every action where it does not.</summary>
    public static JsonObject AllPermissions()
    {
        var all = new JsonObject();
        foreach (var (resource, actions) in PermissionCatalog.ResourceActions)
        {
            var granted = actions.Contains(PermissionCatalog.Manage) ? [PermissionCatalog.Manage] : actions;
            all[resource] = new JsonArray([.. granted.Select(a => (JsonNode?)a)]);
        }
        return all;
    }

    private static string Grants(params (string Resource, string[] Actions)[] grants)
    {
        var o = new JsonObject();
        foreach (var (resource, actions) in grants) o[resource] = new JsonArray([.. actions.Select(a => (JsonNode?)a)]);
        return o.ToJsonString();
    }

    private static readonly string CpModule = new JsonArray(DefaultConfiguration.CpModule).ToJsonString();
    /// <summary>Every form of the default configuration, read and write.</summary>
    private static readonly string AllFormsRw = new JsonObject([.. DefaultConfiguration.TopLevelFormIds.Select(id => KeyValuePair.Create(id, (JsonNode?)"rw"))]).ToJsonString();

    public static async Task EnsureAsync(AmparoDbContext db, CancellationToken ct)
    {
        var existing = await db.Roles.Select(r => r.UniqueId).ToListAsync(ct);
        Role[] defaults =
        [
            new() { UniqueId = Superuser, Name = "Superuser", Description = "Every permission, on every record.", GroupPermission = Scopes.All,
                    Permissions = AllPermissions().ToJsonString(), ModuleUniqueIds = CpModule, FormSectionReadWrite = AllFormsRw, IsManager = true },
            new() { UniqueId = CaseWorker, Name = "Case worker", Description = "Registers and manages their own cases.", GroupPermission = Scopes.Self,
                    Permissions = Grants(("case", ["read", "create", "write", "flag", "add_note", "close", "reopen"]), ("dashboard", ["case_overview"])),
                    ModuleUniqueIds = CpModule, FormSectionReadWrite = AllFormsRw },
            new() { UniqueId = CaseManager, Name = "Case manager", Description = "Supervises the cases of their groups.", GroupPermission = Scopes.Group,
                    Permissions = Grants(("case", ["read", "write", "assign", "approve_case_plan", "approve_closure"]), ("user", ["read"]), ("user_group", ["read"]), ("dashboard", ["case_overview", "workflow_team"])),
                    ModuleUniqueIds = CpModule, FormSectionReadWrite = AllFormsRw, IsManager = true },
        ];
        db.Roles.AddRange(defaults.Where(r => !existing.Contains(r.UniqueId)));
        await db.SaveChangesAsync(ct);
    }
}
