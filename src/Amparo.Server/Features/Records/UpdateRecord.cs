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
internal sealed class UpdateRecord(AmparoDbContext db, FieldPermissions permissions, RecordWrite write, RecordChanges changes, TimeProvider clock)
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

        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id, track: true);
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != RecordWire.ETag(record!))
            return ApiErrors.Error(http, 412, "Precondition Failed", "The record has changed since it was read.");

        var access = await permissions.ForRecordAsync(user, record!, http.RequestAborted);
        if (access is null) return ApiErrors.InvalidRecord(http, ["/module_id"]);
        var change = changes.Begin(record, user.UserName, user.Id);
        change.AnswersSchema = access.Full;
        if (action == Identified.IdentifiedCases.Action)
        {
            var (attributed, attributeError) = await Identified.IdentifiedCases.AttributeAsync(http, db, record, data);
            if (attributeError is not null) return attributeError;
            change.Mark(attributed);
        }
        else if (action is not null)
        {
            var (actionChanged, actionErrors) = action == RecordActions.AddNote
                ? RecordActions.AddNotes(change.Document, data, access.Full, user.UserName, clock.GetUtcNow())
                : RecordActions.Apply(action, record, change.Document, data, user.UserName, clock.GetUtcNow());
            if (actionErrors.Count > 0) return ApiErrors.InvalidRecord(http, actionErrors);
            change.Mark(actionChanged);
        }
        else
        {
            var outcome = await write.ApplyAsync(change.Document, data, access, http.RequestAborted);
            if (outcome.Errors.Count > 0) return ApiErrors.InvalidRecord(http, outcome.Errors);
            change.Mark(outcome.Changed);
            change.FormVersion = outcome.FormVersion;
        }
        await changes.SaveAsync(change, http.RequestAborted);
        http.Response.Headers.ETag = RecordWire.ETag(record);
        return Results.Json(new JsonObject { ["data"] = RecordWire.Changed(record, access, [.. change.Changed]) });
    }

    /// <summary><c>DELETE</c>: disables the record (<c>record_state</c> false), as Primero does; nothing is ever deleted.</summary>
    public async Task<IResult> DisableAsync(HttpContext http, string recordType, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id, track: true);
        var user = CurrentUser.From(http);
        var change = changes.Begin(record!, user.UserName, user.Id);
        record!.RecordState = false;
        await changes.SaveAsync(change, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["id"] = record.Id.ToString() } });
    }
}
