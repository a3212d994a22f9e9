using Amparo.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Alerts;

/// <summary>
/// Raises and clears field-change alerts on a save, in the same unit of work: when someone other than the owner
/// changes answers, the owner gets one alert per form touched; when the owner saves a form, its alerts go.
/// </summary>
internal sealed class AlertRules(AmparoDbContext db, TimeProvider clock)
{
    public const string FieldChange = "field_change";
    public const string IncidentFromCase = "incident_from_case";

    /// <summary>
    /// An incident was created from a case by someone other than its owner: the owner is alerted on the case (Primero's
    /// <c>incident_from_case</c> alert), once until they remove it.
    /// </summary>
    public async Task OnIncidentFromCaseAsync(Guid caseId, string userName, CancellationToken ct)
    {
        var @case = await db.Records.FirstOrDefaultAsync(r => r.Id == caseId, ct);
        if (@case is null || @case.OwnedBy == userName) return;
        if (await db.Set<Alert>().AnyAsync(a => a.RecordId == caseId && a.AlertFor == IncidentFromCase, ct)) return;
        @case.AlertCount++;
        db.Add(new Alert
        {
            RecordId = caseId,
            RecordType = @case.RecordType,
            UniqueId = Guid.CreateVersion7(),
            AlertFor = IncidentFromCase,
            Type = IncidentFromCase,
            FormUniqueId = IncidentFromCase,
            Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            CreatedBy = userName,
        });
    }

    public async Task OnSaveAsync(RecordEntity record, string userName, IEnumerable<string> changedKeys, FormSchema schema, CancellationToken ct)
    {
        var forms = changedKeys.Select(schema.FormOf).OfType<FormSection>().Select(f => f.UniqueId).Distinct().ToList();
        if (forms.Count == 0) return;
        var existing = await db.Set<Alert>().Where(a => a.RecordId == record.Id && a.AlertFor == FieldChange).ToListAsync(ct);
        if (userName == record.OwnedBy)
        {
            var seen = existing.Where(a => a.FormUniqueId is not null && forms.Contains(a.FormUniqueId)).ToList();
            db.RemoveRange(seen);
            record.AlertCount = Math.Max(0, record.AlertCount - seen.Count);
        }
        else
        {
            foreach (var form in forms.Where(f => !existing.Any(a => a.FormUniqueId == f)))
            {
                record.AlertCount++;
                db.Add(new Alert
                {
                    RecordId = record.Id,
                    RecordType = record.RecordType,
                    UniqueId = Guid.CreateVersion7(),
                    AlertFor = FieldChange,
                    Type = form,
                    FormUniqueId = form,
                    Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                    CreatedBy = userName,
                });
            }
        }
    }
}
