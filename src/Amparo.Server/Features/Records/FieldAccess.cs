using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;

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
    private static readonly HashSet<string> RecordKeys = new(StringComparer.Ordinal) { "date_closure", "case_status_reopened", "reopened_logs", "has_photo", "incident_case_id", "family_id", "family_member_id" };

    public bool CanRead(string field) =>
        Readable.Contains(field) || RecordKeys.Contains(field) || Approvals.ApprovalFields.All.Contains(field) || (DerivedFrom.TryGetValue(field, out var source) && Readable.Contains(source));
}

internal sealed class FieldPermissions(FormCatalog catalog)
{
    private readonly Dictionary<string, FieldAccess?> _cache = new(StringComparer.Ordinal);

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
