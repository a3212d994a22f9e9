using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>POST /api/v2/cases</c>. Unknown or read-only keys are dropped (as Primero does), wrongly typed
/// answers and missing required ones are a 422 naming each JSON pointer, and nothing is written unless
/// everything is valid. A client-chosen <c>data.id</c> (offline creation) answers 204, or 409 if taken.
/// </summary>
internal sealed class CreateRecord(AmparoDbContext db, FieldPermissions permissions, AssociationStore associations, RecordWrite write, FormCatalog forms,
    History.HistoryLog history, Search.SearchIndex search, Alerts.AlertRules alerts, TimeProvider clock,
    Traces.TraceIndex traces)
{
    public async Task<IResult> HandleAsync(HttpContext http, string recordType)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        var (record, access, createError) = await CreateAsync(http, recordType, data!);
        if (createError is not null) return createError;
        http.Response.Headers.ETag = RecordWire.ETag(record!);
        if (data!["id"] is not null) return Results.NoContent();
        return Results.Json(new JsonObject { ["data"] = RecordWire.ToJson(record!, access!) });
    }

    /// <summary>
    /// Creates a record from <paramref name="data"/> as POST does (the same checks, the same transaction), owned by the caller.
    /// <paramref name="links"/> are keys that are not form answers (how the record is tied to others), set after the form write.
    /// </summary>
    public async Task<(RecordEntity? Record, FieldAccess? Access, IResult? Error)> CreateAsync(HttpContext http, string recordType, JsonObject data, JsonObject? links = null)
    {
        Guid? clientId = null;
        if (data["id"] is { } idNode)
        {
            if (idNode is not JsonValue v || !v.TryGetValue<string>(out var s) || !Guid.TryParse(s, out var parsed))
                return (null, null, ApiErrors.InvalidRecord(http, ["/id"]));
            if (await db.Records.IgnoreQueryFilters().AnyAsync(r => r.Id == parsed, http.RequestAborted))
                return (null, null, ApiErrors.Conflict(http));
            clientId = parsed;
        }

        // An incident created from a case (Primero's incident_case_id) needs the case action too, and a case the user may open.
        Guid? incidentCaseId = null;
        if (recordType == RecordType.Incident.Name && data["incident_case_id"] is { } caseNode)
        {
            if (caseNode is not JsonValue cv || !cv.TryGetValue<string>(out var caseText) || !Guid.TryParse(caseText, out _))
                return (null, null, ApiErrors.InvalidRecord(http, ["/incident_case_id"]));
            if (!CurrentUser.From(http).Can(RecordEndpoints.Cases, "incident_from_case")) return (null, null, ApiErrors.Forbidden(http));
            var (linkedCase, caseError) = await RecordEndpoints.FindAsync(http, db, RecordEndpoints.Cases, caseText);
            if (caseError is not null) return (null, null, caseError);
            incidentCaseId = linkedCase!.Id;
        }

        var moduleId = data["module_id"] is JsonValue m && m.TryGetValue<string>(out var mod) ? mod : await forms.DefaultModuleAsync(recordType, http.RequestAborted);
        if (moduleId is null) return (null, null, ApiErrors.InvalidRecord(http, ["/module_id"]));
        var access = await permissions.ForAsync(CurrentUser.From(http), moduleId, recordType, http.RequestAborted);
        if (access is null) return (null, null, ApiErrors.InvalidRecord(http, ["/module_id"]));
        var document = new JsonObject();
        var outcome = await write.ApplyAsync(document, data, access, http.RequestAborted);
        if (outcome.Errors.Count > 0) return (null, null, ApiErrors.InvalidRecord(http, outcome.Errors));
        var changedKeys = outcome.Changed.ToList();
        foreach (var (key, value) in links ?? new JsonObject())
        {
            document[key] = value?.DeepClone();
            changedKeys.Add(key);
        }

        var user = CurrentUser.From(http);
        var now = clock.GetUtcNow();
        var record = new RecordEntity
        {
            Id = clientId ?? Guid.CreateVersion7(),
            RecordType = recordType,
            ModuleId = moduleId,
            ShortId = "",
            CaseIdDisplay = "",
            OwnedByUserId = user.Id,
            OwnedBy = user.UserName,
            CreatedBy = user.UserName,
            RegistrationDate = DateOnly.FromDateTime(now.UtcDateTime),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            FormVersion = outcome.FormVersion,
            Workflow = Workflow.New,
            IncidentCaseId = incidentCaseId,
        };
        Workflow.Recalculate(record, document, changedKeys, await forms.ModuleOptionsAsync(moduleId, http.RequestAborted));

        // short_id is the last 7 hex digits of a random identifier: collisions happen at scale, so draw again.
        for (var attempt = 1; ; attempt++)
        {
            record.UniqueIdentifier = Guid.NewGuid();
            record.ShortId = record.UniqueIdentifier.ToString("N")[^7..];
            record.CaseIdDisplay = record.ShortId;
            DerivedFields.Apply(record, document);
            record.Data = document.ToJsonString();
            if (await db.Records.AnyAsync(r => r.RecordType == recordType && r.ShortId == record.ShortId, http.RequestAborted)) continue;
            await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
            db.Records.Add(record);
            var snapshot = History.HistoryLog.Snapshot(record, document);
            history.Add(record, "create", user.UserName, snapshot.Select(kv => kv.Key), new JsonObject(), snapshot);
            search.AddNew(record, document);
            traces.AddNew(record, document);
            associations.Add(record.Id, user.Id, RecordRelation.Owner);
            if (incidentCaseId is { } fromCase) await alerts.OnIncidentFromCaseAsync(fromCase, user.UserName, http.RequestAborted);
            try
            {
                await associations.RefreshRecordsAsync([record.Id], http.RequestAborted);
                await transaction.CommitAsync(http.RequestAborted);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                await transaction.RollbackAsync(http.RequestAborted);
                db.ChangeTracker.Clear();
                if (clientId is { } id && await db.Records.IgnoreQueryFilters().AnyAsync(r => r.Id == id, http.RequestAborted))
                    return (null, null, ApiErrors.Conflict(http));
            }
        }

        http.Items[Audit.RequestAuditMiddleware.CreatedRecordItem] = record.Id.ToString();
        return (record, access, null);
    }
}
