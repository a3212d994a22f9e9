using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>PATCH /api/v2/cases/:id</c>: Primero's merge (see <see cref="RecordMerge"/>) of the writable answers,
/// validated as a whole before anything is stored. System fields (owner, status, record state) are not
/// writable here; they change only through their own actions. An <c>If-Match</c> with a stale version
/// gets 412, and a concurrent write between read and save gets 409. Refusals are <see cref="ApiException"/>s.
/// </summary>
internal sealed class UpdateRecord(Platform.Data.AmparoDbContext db, FieldPermissions permissions, RecordWrite write, RecordChanges changes, TimeProvider clock)
{
    /// <summary>The saved record and what the caller sees of the change: the keys it changed (Primero's PATCH answer).</summary>
    internal sealed record Updated(RecordEntity Record, JsonObject Changed);

    /// <summary>Applies <paramref name="body"/> (<c>{data, record_action?}</c>) to the record, if it is still at <paramref name="ifMatch"/>.</summary>
    public async Task<Updated> UpdateAsync(CurrentUser user, string recordType, string id, JsonObject body, string? ifMatch, CancellationToken ct)
    {
        if (body["data"] is not JsonObject data) throw ApiException.Missing("data");
        var action = JsonRead.Str(body, "record_action");
        // A narrow update needs its own permission (and read access); anything else needs write.
        if (action is not null && !RecordActions.Known.Contains(action)) throw ApiException.Invalid("record_action", "errors.models.record.record_action");
        if (!user.Can(recordType, action ?? "write")) throw ApiException.Forbidden();

        var record = await RecordAccess.FindReadableAsync(db, user, recordType, id, ct, track: true);
        if (ifMatch is { Length: > 0 } && ifMatch != "*" && ifMatch != RecordWire.ETag(record))
            throw new ApiException(412, "Precondition Failed", "The record has changed since it was read.");

        var access = await permissions.ForRecordAsync(user, record, ct) ?? throw ApiException.InvalidRecord(["/module_id"]);
        var change = changes.Begin(record, user.UserName, user.Id);
        change.AnswersSchema = access.Full;
        if (action == Identified.IdentifiedCases.Action)
        {
            change.Mark(await Identified.IdentifiedCases.AttributeAsync(db, record, data, ct));
        }
        else if (action is not null)
        {
            var (actionChanged, actionErrors) = action == RecordActions.AddNote
                ? RecordActions.AddNotes(change.Document, data, access.Full, user.UserName, clock.GetUtcNow())
                : RecordActions.Apply(action, record, change.Document, data, user.UserName, clock.GetUtcNow());
            if (actionErrors.Count > 0) throw ApiException.InvalidRecord(actionErrors);
            change.Mark(actionChanged);
        }
        else
        {
            var outcome = await write.ApplyAsync(change.Document, data, access, ct);
            if (outcome.Errors.Count > 0) throw ApiException.InvalidRecord(outcome.Errors);
            change.Mark(outcome.Changed);
            change.FormVersion = outcome.FormVersion;
        }
        await changes.SaveAsync(change, ct);
        return new Updated(record, RecordWire.Changed(record, access, [.. change.Changed]));
    }

    /// <summary><c>DELETE</c>: disables the record (<c>record_state</c> false), as Primero does; nothing is ever deleted.</summary>
    public async Task<RecordEntity> DisableAsync(CurrentUser user, string recordType, string id, CancellationToken ct)
    {
        var record = await RecordAccess.FindReadableAsync(db, user, recordType, id, ct, track: true);
        var change = changes.Begin(record, user.UserName, user.Id);
        record.RecordState = false;
        await changes.SaveAsync(change, ct);
        return record;
    }
}
