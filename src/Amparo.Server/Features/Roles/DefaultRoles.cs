using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Roles;

/// <summary>
/// Amparo's own starting roles: a superuser, a case worker (their own records) and a case manager (their groups'
/// records), for cases, tracing requests, families and registry records of the CP module, and the forms a hand-over to
/// an organisation outside Amparo carries.
/// </summary>
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

    private static JsonObject Grants(params (string Resource, string[] Actions)[] grants)
    {
        var o = new JsonObject();
        foreach (var (resource, actions) in grants) o[resource] = new JsonArray([.. actions.Select(a => (JsonNode?)a)]);
        return o;
    }

    // A case worker keeps their own records of every CP type as they keep cases; a family's member may become a case.
    // They refer for services (also from a services row) and transfer with consent, receive what colleagues send them,
    // ask their supervisor for approvals, and read the change log of what they hold. Overriding consent is not theirs.
    private static JsonObject CaseWorkerPermissions() => Grants(
        ("case", ["read", "create", "write", "flag", "add_note", "close", "reopen", "change_log", "referral", "referral_from_service",
            "receive_referral", "transfer", "receive_transfer", "request_approval_assessment", "request_approval_case_plan", "request_approval_closure"]),
        ("tracing_request", ["read", "create", "write", "flag", "change_log"]),
        ("family", ["read", "create", "write", "flag", "case_from_family", "change_log"]),
        ("registry_record", ["read", "create", "write", "flag", "change_log"]),
        ("dashboard", ["case_overview"]));

    // A case manager supervises: reads and corrects their groups' records, does not register new ones; assigns,
    // refers and transfers them, answers transfers for their team, decides approvals and may override consent.
    private static JsonObject CaseManagerPermissions() => Grants(
        ("case", ["read", "write", "flag", "add_note", "assign", "change_log", "referral", "transfer", "receive_transfer", "accept_or_reject_transfer",
            "consent_override", "approve_assessment", "approve_case_plan", "approve_closure"]),
        ("tracing_request", ["read", "write", "flag", "change_log"]),
        ("family", ["read", "write", "flag", "assign", "case_from_family", "change_log"]),
        ("registry_record", ["read", "write", "flag", "change_log"]),
        ("user", ["read"]), ("user_group", ["read"]), ("dashboard", ["case_overview", "workflow_team"]));

    private static readonly Dictionary<string, Func<JsonObject>> PermissionsOf = new(StringComparer.Ordinal)
    {
        [Superuser] = AllPermissions, [CaseWorker] = CaseWorkerPermissions, [CaseManager] = CaseManagerPermissions,
    };

    /// <summary>
    /// Not a role for people: what a referral or transfer to an organisation outside Amparo carries in its file (ADR 0015)
    /// — who the child is and the services asked for. Administrators add other such roles (flag referral/transfer).
    /// </summary>
    public const string ExternalHandOver = "role-external-hand-over";

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
            new() { UniqueId = CaseWorker, Name = "Case worker", Description = "Registers and manages their own cases, tracing requests, families and registry records.",
                    GroupPermission = Scopes.Self, Permissions = CaseWorkerPermissions().ToJsonString(), ModuleUniqueIds = CpModule, FormSectionReadWrite = AllFormsRw },
            new() { UniqueId = CaseManager, Name = "Case manager", Description = "Supervises the records of their groups.", GroupPermission = Scopes.Group,
                    Permissions = CaseManagerPermissions().ToJsonString(), ModuleUniqueIds = CpModule, FormSectionReadWrite = AllFormsRw, IsManager = true },
            new() { UniqueId = ExternalHandOver, Name = "External organisation (hand-over file)",
                    Description = "Not for users: the forms a referral or transfer outside Amparo puts in its file.", GroupPermission = Scopes.Self,
                    Permissions = Grants(("case", ["read"])).ToJsonString(), ModuleUniqueIds = CpModule,
                    FormSectionReadWrite = """{"basic_identity":"r","services":"r"}""", Referral = true, Transfer = true },
        ];
        db.Roles.AddRange(defaults.Where(r => !existing.Contains(r.UniqueId)));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// When an upgrade brings record types to the CP module, the default roles that exist get them: the permissions
    /// they would have had from the start for each type they have none for, and read-write on the new forms they have
    /// no grant for. What an administrator set — a resource's actions, a form's grant — is left as it is.
    /// </summary>
    public static async Task GrantRecordTypesAsync(AmparoDbContext db, IReadOnlyCollection<string> recordTypes, IReadOnlyCollection<string> formIds, CancellationToken ct)
    {
        foreach (var role in await db.Roles.Where(r => PermissionsOf.Keys.Contains(r.UniqueId)).ToListAsync(ct))
        {
            var defaults = PermissionsOf[role.UniqueId]();
            var permissions = JsonNode.Parse(role.Permissions) as JsonObject ?? [];
            foreach (var type in recordTypes)
                if (!permissions.ContainsKey(type) && defaults[type] is { } actions) permissions[type] = actions.DeepClone();
            role.Permissions = permissions.ToJsonString();
            var forms = JsonNode.Parse(role.FormSectionReadWrite) as JsonObject ?? [];
            foreach (var id in formIds)
                if (!forms.ContainsKey(id)) forms[id] = "rw";
            role.FormSectionReadWrite = forms.ToJsonString();
        }
        await db.SaveChangesAsync(ct);
    }
}
