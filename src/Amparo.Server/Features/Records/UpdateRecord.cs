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
internal sealed class UpdateRecord(AmparoDbContext db, FieldPermissions permissions, RecordWrite write, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(HttpContext http, string recordType, string id)
    {
        var (record, error) = await RecordEndpoints.FindAsync(http, db, recordType, id, track: true);
        if (error is not null) return error;

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != RecordWire.ETag(record!))
            return ApiErrors.Error(http, 412, "Precondition Failed", "The record has changed since it was read.");

        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;

        var access = await permissions.ForAsync(CurrentUser.From(http), record!.ModuleId, recordType, http.RequestAborted);
        if (access is null) return ApiErrors.InvalidRecord(http, ["/module_id"]);
        var document = JsonNode.Parse(record.Data)!.AsObject();
        var nameBefore = document["name"]?.DeepClone();
        var outcome = await write.ApplyAsync(document, data!, access, http.RequestAborted);
        if (outcome.Errors.Count > 0) return ApiErrors.InvalidRecord(http, outcome.Errors);
        var changed = outcome.Changed.ToList();

        if (changed.Count > 0)
        {
            DerivedFields.Apply(record, document);
            if (!JsonNode.DeepEquals(nameBefore, document["name"])) changed.Add("name");
            record.Data = document.ToJsonString();
            record.UpdatedAt = clock.GetUtcNow();
            record.Version++;
            record.FormVersion = outcome.FormVersion;
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
