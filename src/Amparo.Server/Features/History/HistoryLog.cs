using System.Text.Json.Nodes;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.History;

/// <summary>
/// Writes a record's change log in the same unit of work as the record, so a save and its history are one
/// transaction: what the record says changed is exactly what the log says.
/// </summary>
internal sealed class HistoryLog(AmparoDbContext db, TimeProvider clock)
{
    /// <summary>The values of the record's system fields that the log follows (they live in columns, not in the document).</summary>
    public static JsonObject SystemSnapshot(RecordEntity r) => new()
    {
        ["status"] = r.Status,
        ["record_state"] = r.RecordState,
        ["workflow"] = r.Workflow,
        ["owned_by"] = r.OwnedBy,
        ["module_id"] = r.ModuleId,
    };

    /// <summary>Adds the entry for a save: every key in <paramref name="changed"/> with its value before and after.</summary>
    public void Add(RecordEntity record, string action, string userName, IEnumerable<string> changed, JsonObject before, JsonObject after)
    {
        if (Entry(record, action, userName, changed, before, after, clock.GetUtcNow()) is { } entry) db.Add(entry);
    }

    /// <summary>The entry for a save, or null for an update that changed nothing the log shows.</summary>
    public static RecordHistory? Entry(RecordEntity record, string action, string userName, IEnumerable<string> changed, JsonObject before,
        JsonObject after, DateTimeOffset at)
    {
        var changes = new JsonObject();
        foreach (var key in changed.Distinct())
        {
            var from = before[key];
            var to = after[key];
            if (action == "update" && JsonNode.DeepEquals(from, to)) continue;
            changes[key] = new JsonObject { ["from"] = from?.DeepClone(), ["to"] = to?.DeepClone() };
        }
        if (action == "update" && changes.Count == 0) return null;
        return new RecordHistory
        {
            RecordId = record.Id,
            RecordType = record.RecordType,
            Action = action,
            UserName = userName,
            Datetime = at,
            Changes = changes.ToJsonString(),
        };
    }

    /// <summary>The record's document and system fields together, as the log compares them.</summary>
    public static JsonObject Snapshot(RecordEntity record, JsonObject document)
    {
        var all = (JsonObject)document.DeepClone();
        foreach (var (key, value) in SystemSnapshot(record)) all[key] = value?.DeepClone();
        if (record.IdentifiedBy is { } identifiedBy) all["identified_by"] = identifiedBy;
        return all;
    }
}
