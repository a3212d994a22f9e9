using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// What a user may see and write of a record: the fields of the forms their role lists (<c>r</c> to read,
/// <c>rw</c> to also write) among the forms of the record's module. A superuser has every form. System
/// fields (ids, owner, status...) are always shown and never written through a form. <see cref="Full"/> is every form
/// of the module, for the rules that hold whoever writes (skip logic, calculations).
/// Stricter than Primero, which also always shows <c>sex</c> and <c>age</c> as list-filter helpers.
/// </summary>
internal sealed record FieldAccess(IReadOnlySet<string> Readable, FormSchema Writable, FormSchema Full)
{
    /// <summary>Values derived from answers are readable when their sources are.</summary>
    private static readonly Dictionary<string, string> DerivedFrom = new(StringComparer.Ordinal) { ["name"] = "name_first", ["tracing_names"] = "tracing_request_subform_section" };

    /// <summary>Keys the record's own actions write (closing, reopening): part of the record, not of a form.</summary>
    private static readonly HashSet<string> RecordKeys = new(StringComparer.Ordinal) { "date_closure", "case_status_reopened", "reopened_logs", "has_photo", "incident_case_id", "family_id", "family_member_id", "identified_by" };

    /// <summary>
    /// Set when the rights come from referrals (a referred user who is not the owner works under the referrals'
    /// authorised roles): the forms and form actions the record JSON then lists, as Primero's
    /// <c>permitted_forms</c> and <c>permitted_form_actions</c>.
    /// </summary>
    public ReferralRights? Referral { get; init; }

    public bool CanRead(string field) =>
        Readable.Contains(field) || RecordKeys.Contains(field) || Approvals.ApprovalFields.All.Contains(field) || (DerivedFrom.TryGetValue(field, out var source) && Readable.Contains(source));
}

/// <summary>What referrals let a referred user see: forms (<c>r</c>/<c>rw</c>) and the form actions of the authorised roles.</summary>
internal sealed record ReferralRights(IReadOnlyDictionary<string, string> Forms, IReadOnlyList<string> FormActions);

internal sealed class FieldPermissions(FormCatalog catalog, AmparoDbContext db)
{
    private readonly Dictionary<string, FieldAccess?> _cache = new(StringComparer.Ordinal);

    /// <summary>The tenant's forms and modules these permissions are read from.</summary>
    public FormCatalog Catalog => catalog;
    /// <summary>Per record: the authorised role of each active referral to the current user (null: their own role).</summary>
    private readonly Dictionary<Guid, List<string?>> _referrals = [];

    /// <summary>Primero's <c>RESOURCE_FORM_ACTIONS</c>: the actions a referral's role brings along to the record JSON.</summary>
    private static readonly string[] CaseFormActions =
    [
        "manage", "approve_assessment", "approve_case_plan", "approve_closure", "approve_action_plan", "approve_gbv_closure",
        "request_approval_assessment", "request_approval_case_plan", "request_approval_closure", "request_approval_action_plan",
        "request_approval_gbv_closure", "access_log", "change_log", "view_incident_from_case", "find_tracing_match", "view_family_record",
        "view_registry_record", "referral_from_service", "remove_assigned_users", "referral", "receive_referral", "receive_referral_different_module",
    ];
    private static readonly string[] OtherFormActions = ["manage", "change_log", "access_log"];

    /// <summary>
    /// The rights of <paramref name="user"/> on this record: their role's, unless they are a referred user who is not the
    /// owner — then the union of the referrals' authorised roles (a referral naming none counts as the user's own role),
    /// <c>rw</c> beating <c>r</c> (primero-domain §3.5). Null when the module has no forms for the type.
    /// </summary>
    public async Task<FieldAccess?> ForRecordAsync(CurrentUser user, [System.Diagnostics.CodeAnalysis.NotNull] RecordEntity? record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.OwnedByUserId == user.Id) return await ForAsync(user, record.ModuleId, record.RecordType, ct);
        if (!_referrals.ContainsKey(record.Id)) await LoadReferralsAsync(user, [record.Id], ct);
        var roles = _referrals[record.Id];
        if (roles.Count == 0 || roles.All(r => r is null || r == user.RoleUniqueId)) return await ForAsync(user, record.ModuleId, record.RecordType, ct);

        var named = roles.OfType<string>().Distinct().ToList();
        var stored = await db.Roles.AsNoTracking().Where(r => named.Contains(r.UniqueId) && !r.Disabled)
            .Select(r => new { r.UniqueId, r.FormSectionReadWrite, r.Permissions }).ToListAsync(ct);
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        var actions = new SortedSet<string>(StringComparer.Ordinal);
        var resourceActions = record.RecordType == "case" ? CaseFormActions : OtherFormActions;
        void Merge(IReadOnlyDictionary<string, string> grants, Roles.RolePermissions permissions)
        {
            foreach (var (form, level) in grants)
                if (level == "rw" || !forms.ContainsKey(form)) forms[form] = level;
            foreach (var action in resourceActions.Where(a => permissions.Grants.TryGetValue(record.RecordType, out var held) && held.Contains(a))) actions.Add(action);
        }
        var ownRoleCounts = roles.Any(r => r is null || r == user.RoleUniqueId);
        if (ownRoleCounts) Merge(user.FormGrants, user.Permissions);
        foreach (var role in stored) Merge(CurrentUserLoader.FormGrants(role.FormSectionReadWrite), Roles.RolePermissions.Parse(role.Permissions));

        var moduleForms = await catalog.ModuleFormsAsync(record.ModuleId, record.RecordType, ct);
        if (moduleForms is null) return null;
        var topLevel = moduleForms.Where(f => !f.IsNested).ToList();
        var subforms = moduleForms.Where(f => f.IsNested).ToList();
        // A superuser referred under their own role keeps every form.
        var everything = ownRoleCounts && user.IsSuperuser;
        bool Grants(FormSection f, bool write) => everything || (forms.TryGetValue(f.UniqueId, out var level) && (!write || level == "rw"));
        var readable = topLevel.Where(f => Grants(f, write: false)).SelectMany(f => f.Fields).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var permitted = everything ? topLevel.ToDictionary(f => f.UniqueId, _ => "rw", StringComparer.Ordinal)
            : topLevel.Where(f => forms.ContainsKey(f.UniqueId)).ToDictionary(f => f.UniqueId, f => forms[f.UniqueId], StringComparer.Ordinal);
        return new FieldAccess(readable, new FormSchema(topLevel.Where(f => Grants(f, write: true)), subforms), new FormSchema(topLevel, subforms))
        {
            Referral = new ReferralRights(permitted, [.. actions]),
        };
    }

    /// <summary>Reads the user's active referrals on these records in one query (a list page asks for many records at once).</summary>
    public async Task LoadReferralsAsync(CurrentUser user, IReadOnlyCollection<Guid> recordIds, CancellationToken ct)
    {
        var missing = recordIds.Where(id => !_referrals.ContainsKey(id)).ToList();
        if (missing.Count == 0) return;
        var rows = await db.Set<Transitions.Transition>().AsNoTracking()
            .Where(Transitions.TransitionAccess.ActiveReferralTo(user.Id)).Where(t => missing.Contains(t.RecordId))
            .Select(t => new { t.RecordId, t.AuthorizedRoleUniqueId }).ToListAsync(ct);
        foreach (var id in missing) _referrals[id] = [.. rows.Where(r => r.RecordId == id).Select(r => r.AuthorizedRoleUniqueId)];
    }

    /// <summary>Null when the module does not exist or has no forms for the record type.</summary>
    public async Task<FieldAccess?> ForAsync(CurrentUser user, string moduleId, string recordType, CancellationToken ct)
    {
        var key = moduleId + "|" + recordType;
        if (_cache.TryGetValue(key, out var known)) return known;
        var forms = await catalog.ModuleFormsAsync(moduleId, recordType, ct);
        FieldAccess? access = null;
        if (forms is not null)
        {
            var topLevel = forms.Where(f => !f.IsNested).ToList();
            var subforms = forms.Where(f => f.IsNested).ToList();
            bool Grants(FormSection f, bool write) =>
                user.IsSuperuser || (user.FormGrants.TryGetValue(f.UniqueId, out var level) && (!write || level == "rw"));
            var readable = topLevel.Where(f => Grants(f, write: false)).SelectMany(f => f.Fields).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var writable = new FormSchema(topLevel.Where(f => Grants(f, write: true)), subforms);
            access = new FieldAccess(readable, writable, new FormSchema(topLevel, subforms));
        }
        _cache[key] = access;
        return access;
    }
}
