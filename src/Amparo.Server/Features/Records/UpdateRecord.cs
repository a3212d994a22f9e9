using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Features.Forms;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>PATCH /api/v2/cases/:id</c>: Primero's merge (see <see cref="RecordMerge"/>) of the writable answers,
/// validated as a whole before anything is stored. System fields (owner, status, record state) are not
/// writable here; they change only through their own actions. An <c>If-Match</c> with a stale version
/// gets 412, and a concurrent write between read and save gets 409.
/// </summary>
internal sealed class UpdateRecord(AmparoDbContext db, FieldPermissions permissions, RecordWrite write, FormCatalog forms, History.HistoryLog history,
    Alerts.AlertRules alerts, Search.SearchIndex search, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(HttpContext http, string recordType, string id)
    {
        var (body, bodyError) = await RequestBody.ReadObjectAsync(http);
        if (bodyError is not null) return bodyError;
        if (body!["data"] is not JsonObject data) return ApiErrors.Unprocessable(http, "param is missing or the value is empty: data");
        var user = CurrentUser.From(http);
        var action = JsonRead.Str(body, "record_action");
        // A narrow update needs its own permission (and read access); anything else needs write.
        if (action is not null && !RecordActions.Known.Contains(action)) return ApiErrors.Invalid(http, "record_action", "errors.models.record.record_action");
        if (!user.Can(recordType, action ?? "write")) return ApiErrors.Forbidden(http);

        var (record, error) = await RecordEndpoints.FindAsync(http, db, recordType, id, track: true);
        if (error is not null) return error;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != RecordWire.ETag(record!))
            return ApiErrors.Error(http, 412, "Precondition Failed", "The record has changed since it was read.");

        var access = await permissions.ForRecordAsync(user, record!, http.RequestAborted);
        if (access is null) return ApiErrors.InvalidRecord(http, ["/module_id"]);
        var document = JsonNode.Parse(record.Data)!.AsObject();
        var nameBefore = document["name"]?.DeepClone();
        var before = History.HistoryLog.Snapshot(record, document);
        List<string> changed;
        long formVersion = record.FormVersion;
        if (action is not null)
        {
            var (actionChanged, actionErrors) = action == RecordActions.AddNote
                ? RecordActions.AddNotes(document, data, access.Full, user.UserName, clock.GetUtcNow())
                : RecordActions.Apply(action, record, document, data, user.UserName, clock.GetUtcNow());
            if (actionErrors.Count > 0) return ApiErrors.InvalidRecord(http, actionErrors);
            changed = actionChanged;
        }
        else
        {
            var outcome = await write.ApplyAsync(document, data, access, http.RequestAborted);
            if (outcome.Errors.Count > 0) return ApiErrors.InvalidRecord(http, outcome.Errors);
            changed = [.. outcome.Changed];
            formVersion = outcome.FormVersion;
        }
        return await SaveAsync(http, record, document, before, nameBefore, changed, formVersion, access);
    }

    /// <summary><c>DELETE</c>: disables the record (<c>record_state</c> false), as Primero does; nothing is ever deleted.</summary>
    public async Task<IResult> DisableAsync(HttpContext http, string recordType, string id)
    {
        var (record, error) = await RecordEndpoints.FindAsync(http, db, recordType, id, track: true);
        if (error is not null) return error;
        if (record!.RecordState)
        {
            var document = JsonNode.Parse(record.Data)!.AsObject();
            var before = History.HistoryLog.Snapshot(record, document);
            record.RecordState = false;
            history.Add(record, "update", CurrentUser.From(http).UserName, ["record_state"], before, History.HistoryLog.Snapshot(record, document));
            record.UpdatedAt = clock.GetUtcNow();
            record.Version++;
            await db.SaveChangesAsync(http.RequestAborted);
        }
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = record.Id.ToString() } });
    }

    private async Task<IResult> SaveAsync(HttpContext http, RecordEntity record, JsonObject document, JsonObject before, JsonNode? nameBefore,
        List<string> changed, long formVersion, FieldAccess access)
    {
        if (changed.Count > 0)
        {
            var workflowBefore = record.Workflow;
            Workflow.Recalculate(record, document, changed, await forms.ModuleOptionsAsync(record.ModuleId, http.RequestAborted));
            if (record.Workflow != workflowBefore) changed.Add("workflow");
            DerivedFields.Apply(record, document);
            if (!JsonNode.DeepEquals(nameBefore, document["name"])) changed.Add("name");
            record.Data = document.ToJsonString();
            record.UpdatedAt = clock.GetUtcNow();
            record.Version++;
            record.FormVersion = formVersion;
            history.Add(record, "update", CurrentUser.From(http).UserName, changed, before, History.HistoryLog.Snapshot(record, document));
            await alerts.OnSaveAsync(record, CurrentUser.From(http).UserName, changed, access.Full, http.RequestAborted);
            await search.RefreshAsync(record, document, http.RequestAborted);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiErrors.Error(http, 409, "Conflict", "The record was changed by someone else; read it again and retry.");
            }
        }

        http.Response.Headers.ETag = RecordWire.ETag(record);
        return Results.Json(new JsonObject { ["data"] = RecordWire.Changed(record, access, changed) });
    }
}
