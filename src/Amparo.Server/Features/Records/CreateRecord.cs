using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>POST /api/v2/cases</c>. Unknown or read-only keys are dropped (as Primero does), wrongly typed
/// answers and missing required ones are a 422 naming each JSON pointer, and nothing is written unless
/// everything is valid. A client-chosen <c>data.id</c> (offline creation) answers 204, or 409 if taken in the tenant.
/// </summary>
internal sealed class CreateRecord(AmparoDbContext db, FieldPermissions permissions, RecordWrite write, FormCatalog forms, RecordChanges changes)
{
    /// <summary>
    /// Creates a record from <paramref name="data"/> as POST does (the same checks, the same transaction), owned by
    /// <paramref name="user"/>; refusals are <see cref="ApiException"/>s. <paramref name="links"/> are keys that are not form
    /// answers (how the record is tied to others), set after the form write.
    /// </summary>
    public async Task<(RecordEntity Record, FieldAccess Access)> CreateAsync(CurrentUser user, string recordType, JsonObject data, CancellationToken ct,
        JsonObject? links = null)
    {
        Guid? clientId = null;
        if (data["id"] is { } idNode)
        {
            if (idNode is not JsonValue v || !v.TryGetValue<string>(out var s) || !Guid.TryParse(s, out var parsed)) throw ApiException.InvalidRecord(["/id"]);
            // Taken in this tenant: Primero's 409. Taken in another (ids are unique across tenants): the same answer as
            // an id that is not a UUID, so the answer reveals nothing about other tenants' records (ADR 0021).
            if (await db.Records.AnyAsync(r => r.Id == parsed, ct)) throw ApiException.Taken();
            if (await db.Records.IgnoreQueryFilters().AnyAsync(r => r.Id == parsed, ct)) throw ApiException.InvalidRecord(["/id"]);
            clientId = parsed;
        }

        // An incident created from a case (Primero's incident_case_id) needs the case action too, and a case the user may open.
        Guid? incidentCaseId = null;
        if (recordType == RecordType.Incident.Name && data["incident_case_id"] is { } caseNode)
        {
            if (caseNode is not JsonValue cv || !cv.TryGetValue<string>(out var caseText) || !Guid.TryParse(caseText, out _))
                throw ApiException.InvalidRecord(["/incident_case_id"]);
            if (!user.Can(RecordEndpoints.Cases, "incident_from_case")) throw ApiException.Forbidden();
            incidentCaseId = (await RecordAccess.FindReadableAsync(db, user, RecordEndpoints.Cases, caseText, ct)).Id;
        }

        var moduleId = (data["module_id"] is JsonValue m && m.TryGetValue<string>(out var mod) ? mod : await forms.DefaultModuleAsync(recordType, user.RoleModuleIds, ct))
            ?? throw ApiException.InvalidRecord(["/module_id"]);
        var access = await permissions.ForAsync(user, moduleId, recordType, ct) ?? throw ApiException.InvalidRecord(["/module_id"]);
        var document = new JsonObject();
        var outcome = await write.ApplyAsync(document, data, access, ct);
        if (outcome.Errors.Count > 0) throw ApiException.InvalidRecord(outcome.Errors);
        foreach (var (key, value) in links ?? new JsonObject()) document[key] = value?.DeepClone();

        var origin = new RecordOrigin(clientId ?? Guid.CreateVersion7(), recordType, moduleId, user.Id, user.UserName, outcome.FormVersion,
            await forms.ModuleOptionsAsync(moduleId, ct), IncidentCaseId: incidentCaseId);
        return (await changes.CreateAsync(origin, document, ct), access);
    }
}
