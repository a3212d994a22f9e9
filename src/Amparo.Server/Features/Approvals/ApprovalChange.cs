using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Alerts;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Notifications;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Approvals;

/// <summary>One approval change: validates, applies the state machine to the record, and queues the notifications.</summary>
internal sealed class ApprovalChange(AmparoDbContext db, RecordChanges changes, FormCatalog forms, NotificationService notifications, TimeProvider clock)
{
    private const int MaxNotes = 10_000;

    public async Task<IResult> HandleAsync(HttpContext http, string recordType, string id, string approvalId)
    {
        if (!ApprovalFields.Ids.Contains(approvalId)) return ApiErrors.NotFound(http, $"Couldn't find approval '{approvalId}'");
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;
        var status = JsonRead.Str(data!, "approval_status");
        if (status is not (ApprovalFields.Requested or ApprovalFields.Approved or ApprovalFields.Rejected))
            return ApiErrors.Unprocessable(http, "approvals.error_invalid_status", "approval_status");
        // Primero's audit action for the call: case_plan_requested, closure_approved, ...
        http.RequestServices.GetRequiredService<Audit.RequestAuditScope>().Action = $"{approvalId}_{status}";
        var user = CurrentUser.From(http);
        if (!user.Can(recordType, status == ApprovalFields.Requested ? $"request_approval_{approvalId}" : $"approve_{approvalId}"))
            return ApiErrors.Forbidden(http);
        if (data!["notes"] is { } notesNode && (notesNode is not JsonValue || JsonRead.Str(data, "notes") is not { Length: <= MaxNotes }))
            return ApiErrors.Invalid(http, "notes", "errors.models.approval.notes");
        var notes = JsonRead.Str(data, "notes");
        string? approvalType = null;
        if (ApprovalFields.Typed.Contains(approvalId) && data["approval_type"] is not null)
        {
            approvalType = JsonRead.Str(data, "approval_type");
            if (approvalType is null) return ApiErrors.Invalid(http, "approval_type", "errors.models.approval.approval_type");
        }

        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id, track: true);
        // Deciding on one's own record is the one thing a manager who owns it may not do without self_approve.
        if (status != ApprovalFields.Requested && record!.OwnedByUserId == user.Id && !user.Can(recordType, "self_approve"))
            return ApiErrors.Forbidden(http);

        var change = changes.Begin(record!, user.UserName, user.Id);
        var document = change.Document;
        var current = JsonRead.Str(document, ApprovalFields.Status(approvalId));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = (document[ApprovalFields.Subforms] as JsonArray)?.DeepClone().AsArray() ?? [];
        NotificationKind notify;

        if (status == ApprovalFields.Requested)
        {
            if (ApprovalFields.Typed.Contains(approvalId))
            {
                approvalType ??= approvalId;
                if (!(await AllowedTypesAsync(record.ModuleId, approvalId, http.RequestAborted)).Contains(approvalType))
                    return ApiErrors.Invalid(http, "approval_type", "errors.models.approval.approval_type");
            }
            if (current == ApprovalFields.Pending) return Respond(record, document, approvalId);
            document[ApprovalFields.Status(approvalId)] = ApprovalFields.Pending;
            var row = new JsonObject
            {
                ["unique_id"] = Guid.CreateVersion7().ToString(),
                ["approval_requested_for"] = approvalId,
                ["requested_by"] = user.UserName,
                ["approval_date"] = today,
                ["approval_status"] = ApprovalFields.Requested,
            };
            if (approvalType is not null)
            {
                row["approval_for_type"] = approvalType;
                document[$"{approvalId}_approval_type"] = approvalType;
            }
            rows.Add(row);
            await RaiseAlertAsync(record, approvalId, user.UserName, http.RequestAborted);
            notify = NotificationKind.ApprovalRequest;
        }
        else
        {
            if (current != ApprovalFields.Pending)
                return ApiErrors.Unprocessable(http, "approvals.error_no_pending_request", "approval_status");
            document[ApprovalFields.Status(approvalId)] = status;
            document[$"{approvalId}_approved"] = status == ApprovalFields.Approved;
            document[$"{approvalId}_approved_date"] = today;
            document[$"{approvalId}_approved_comments"] = notes;
            var row = new JsonObject
            {
                ["unique_id"] = Guid.CreateVersion7().ToString(),
                ["approval_response_for"] = approvalId,
                ["approval_status"] = status,
                ["approved_by"] = user.UserName,
                ["approval_manager_comments"] = notes,
                ["approval_date"] = today,
            };
            if (JsonRead.Str(document, $"{approvalId}_approval_type") is { } requestedType) row["approval_for_type"] = requestedType;
            rows.Add(row);
            var alerts = await db.Set<Alert>().Where(a => a.RecordId == record.Id && a.AlertFor == ApprovalFields.AlertFor && a.Type == approvalId).ToListAsync(http.RequestAborted);
            db.RemoveRange(alerts);
            record.AlertCount = Math.Max(0, record.AlertCount - alerts.Count);
            notify = NotificationKind.ApprovalResponse;
        }
        document[ApprovalFields.Subforms] = rows;
        change.Mark([ApprovalFields.Subforms, .. ApprovalFields.KeysOf(approvalId)]);
        await changes.SaveAsync(change, http.RequestAborted);

        var recipients = notify == NotificationKind.ApprovalRequest ? await ApproversAsync(record, approvalId, http.RequestAborted) : [record.OwnedByUserId];
        foreach (var recipient in recipients)
            await notifications.EnqueueAsync(recipient, notify, record.RecordType, record.Id, user.Id, http.RequestAborted);
        return Respond(record, document, approvalId);
    }

    private static IResult Respond(RecordEntity record, JsonObject document, string approvalId)
    {
        var o = new JsonObject
        {
            ["id"] = record.Id.ToString(),
            ["enabled"] = record.RecordState,
            ["last_updated_at"] = ApiTime.Format(record.UpdatedAt),
            [ApprovalFields.Subforms] = document[ApprovalFields.Subforms]?.DeepClone() ?? new JsonArray(),
        };
        foreach (var key in ApprovalFields.KeysOf(approvalId))
            if (document.ContainsKey(key)) o[key] = document[key]?.DeepClone();
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["record"] = o } });
    }

    /// <summary>
    /// The sub-types a case plan or action plan may be requested as: its own id, and — where the module lets users
    /// choose (<c>selectable_approval_types</c>) — the values of Primero's approval-type lookups.
    /// </summary>
    private async Task<HashSet<string>> AllowedTypesAsync(string moduleId, string approvalId, CancellationToken ct)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { approvalId };
        var options = await forms.ModuleOptionsAsync(moduleId, ct);
        if (options?["selectable_approval_types"] is JsonValue v && v.TryGetValue<bool>(out var selectable) && selectable)
        {
            var lookups = await db.Set<Lookups.Lookup>().AsNoTracking()
                .Where(l => l.UniqueId == "lookup-approval-type" || l.UniqueId == "lookup-gbv-approval-types").Select(l => l.Values).ToListAsync(ct);
            foreach (var values in lookups)
                if (JsonNode.Parse(values) is JsonArray array)
                    foreach (var value in array.OfType<JsonObject>())
                        if (JsonRead.Str(value, "id") is { } typeId && JsonRead.Bool(value, "disabled") != true) allowed.Add(typeId);
        }
        return allowed;
    }

    /// <summary>One approval alert per pending request, on the form the system settings point approvals of this kind to.</summary>
    private async Task RaiseAlertAsync(RecordEntity record, string approvalId, string userName, CancellationToken ct)
    {
        if (await db.Set<Alert>().AnyAsync(a => a.RecordId == record.Id && a.AlertFor == ApprovalFields.AlertFor && a.Type == approvalId, ct)) return;
        string? form = null;
        if (await db.Set<SystemSettings.StoredSystemSettings>().AsNoTracking().Select(s => s.Settings).FirstOrDefaultAsync(ct) is { } stored
            && JsonNode.Parse(stored)?["approval_forms_to_alert"] is JsonObject map)
            form = map.FirstOrDefault(kv => kv.Value is JsonValue value && value.TryGetValue<string>(out var target) && target == approvalId).Key;
        record.AlertCount++;
        db.Add(new Alert
        {
            RecordId = record.Id,
            RecordType = record.RecordType,
            UniqueId = Guid.CreateVersion7(),
            AlertFor = ApprovalFields.AlertFor,
            Type = approvalId,
            FormUniqueId = form,
            Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            CreatedBy = userName,
        });
    }

    /// <summary>
    /// Who hears of a request: the owner's managers (enabled users sharing a user group with the owner whose role is a
    /// manager's, as in Primero) — and, stricter, only those whose role may decide this kind of approval.
    /// </summary>
    private async Task<List<int>> ApproversAsync(RecordEntity record, string approvalId, CancellationToken ct)
    {
        var ownerId = record.OwnedByUserId;
        var ownerGroups = db.UserGroupMemberships.Where(m => m.UserId == ownerId).Select(m => m.UserGroupId);
        var candidates = await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && u.Id != ownerId && db.Set<UserGroups.UserGroupMembership>().Any(m => m.UserId == u.Id && ownerGroups.Contains(m.UserGroupId)))
            .Join(db.Roles.Where(r => r.IsManager && !r.Disabled), u => u.RoleId, r => (int?)r.Id, (u, r) => new { u.Id, r.Permissions })
            .ToListAsync(ct);
        return [.. candidates.Where(c => RolePermissions.Parse(c.Permissions).Can(record.RecordType, $"approve_{approvalId}")).Select(c => c.Id).Distinct().OrderBy(i => i)];
    }
}
