using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Transitions;

/// <summary>A user who may receive a transition, with what the snapshots and the manager check need.</summary>
internal sealed record Recipient(int Id, string UserName, string FullName, int? AgencyId, string? AgencyUniqueId, IReadOnlyList<int> GroupIds,
    IReadOnlyList<string> GroupUniqueIds, RolePermissions Permissions, IReadOnlyList<string> Modules);

/// <summary>
/// Who may receive a transition (primero-domain §5.1): enabled users other than the sender whose role is enabled and
/// — assign: reads the record type, within the sender's assign reach (<c>assign</c> anyone, <c>assign_within_agency</c>
/// the sender's agency, <c>assign_within_user_group</c> a shared group); referral: <c>receive_referral</c> in the
/// record's module, or <c>receive_referral_different_module</c>; transfer and transfer request: <c>receive_transfer</c>
/// in the record's module. The same list answers <c>/users/assign-to|refer-to|transfer-to</c> and checks a create,
/// so what the client offers is exactly what the server accepts.
/// </summary>
internal sealed class TransitionRecipients(AmparoDbContext db)
{
    public static readonly string[] AssignActions = ["assign", "assign_within_agency", "assign_within_user_group"];

    public static bool MayAssign(CurrentUser user, string recordType) => AssignActions.Any(a => user.Can(recordType, a));

    /// <param name="moduleId">The record's module; null (a list without <c>record_module_id</c>) skips the module test.</param>
    /// <param name="agencyUniqueId">Only users of this agency (the lists' <c>agency</c> filter).</param>
    public async Task<List<Recipient>> EligibleAsync(CurrentUser sender, string type, string recordType, string? moduleId, string? agencyUniqueId,
        CancellationToken ct, string? onlyUserName = null)
    {
        var users = db.Users.AsNoTracking().Where(u => !u.Disabled && u.Id != sender.Id && u.RoleId != null);
        if (onlyUserName is not null) users = users.Where(u => u.UserName == onlyUserName);
        var rows = await users
            .Join(db.Roles.AsNoTracking().Where(r => !r.Disabled), u => u.RoleId, r => r.Id, (u, r) => new { u.Id, u.UserName, u.FullName, u.AgencyId, r.Permissions, r.ModuleUniqueIds })
            .OrderBy(u => u.UserName).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var memberships = (await db.UserGroupMemberships.AsNoTracking().Where(m => ids.Contains(m.UserId))
                .Join(db.UserGroups.AsNoTracking().Where(g => !g.Disabled), m => m.UserGroupId, g => g.Id, (m, g) => new { m.UserId, g.Id, g.UniqueId }).ToListAsync(ct))
            .ToLookup(m => m.UserId);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.UniqueId, ct);

        var result = new List<Recipient>();
        foreach (var row in rows)
        {
            var permissions = RolePermissions.Parse(row.Permissions);
            var modules = FormCatalog.Strings(row.ModuleUniqueIds);
            var groups = memberships[row.Id].ToList();
            var candidate = new Recipient(row.Id, row.UserName, row.FullName, row.AgencyId, row.AgencyId is { } a ? agencies.GetValueOrDefault(a) : null,
                [.. groups.Select(g => g.Id)], [.. groups.Select(g => g.UniqueId)], permissions, modules);
            if (agencyUniqueId is not null && candidate.AgencyUniqueId != agencyUniqueId) continue;
            if (Receives(sender, candidate, type, recordType, moduleId)) result.Add(candidate);
        }
        return result;
    }

    private static bool Receives(CurrentUser sender, Recipient to, string type, string recordType, string? moduleId)
    {
        bool InModule() => moduleId is null || to.Modules.Contains(moduleId);
        switch (type)
        {
            case TransitionTypes.Assign:
                if (!to.Permissions.Can(recordType, "read")) return false;
                if (sender.Can(recordType, "assign")) return true;
                if (sender.Can(recordType, "assign_within_agency") && sender.AgencyId is { } agency && to.AgencyId == agency) return true;
                return sender.Can(recordType, "assign_within_user_group") && to.GroupIds.Any(sender.GroupIds.Contains);
            case TransitionTypes.Referral:
                return to.Permissions.Can(recordType, "receive_referral_different_module") || (to.Permissions.Can(recordType, "receive_referral") && InModule());
            default:
                return to.Permissions.Can(recordType, "receive_transfer") && InModule();
        }
    }
}
