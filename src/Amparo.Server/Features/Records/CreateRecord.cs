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
internal sealed class CreateRecord(AmparoDbContext db, FieldPermissions permissions, RecordWrite write, FormCatalog forms, RecordChanges changes)
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
            var linkedCase = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, caseText);
            incidentCaseId = linkedCase!.Id;
        }

        var moduleId = data["module_id"] is JsonValue m && m.TryGetValue<string>(out var mod) ? mod
            : await forms.DefaultModuleAsync(recordType, CurrentUser.From(http).RoleUniqueId, http.RequestAborted);
        if (moduleId is null) return (null, null, ApiErrors.InvalidRecord(http, ["/module_id"]));
        var access = await permissions.ForAsync(CurrentUser.From(http), moduleId, recordType, http.RequestAborted);
        if (access is null) return (null, null, ApiErrors.InvalidRecord(http, ["/module_id"]));
        var document = new JsonObject();
        var outcome = await write.ApplyAsync(document, data, access, http.RequestAborted);
        if (outcome.Errors.Count > 0) return (null, null, ApiErrors.InvalidRecord(http, outcome.Errors));
        foreach (var (key, value) in links ?? new JsonObject()) document[key] = value?.DeepClone();

        var user = CurrentUser.From(http);
        var origin = new RecordOrigin(clientId ?? Guid.CreateVersion7(), recordType, moduleId, user.Id, user.UserName, outcome.FormVersion,
            await forms.ModuleOptionsAsync(moduleId, http.RequestAborted), IncidentCaseId: incidentCaseId);
        var record = await changes.CreateAsync(origin, document, http.RequestAborted);
        return (record, access, null);
    }
}
