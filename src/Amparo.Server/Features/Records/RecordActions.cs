using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Server.Features.Records;

/// <summary>
/// Primero's narrow updates (<c>record_action</c> beside <c>data</c> in a PATCH, and DELETE): a user who holds the
/// action's permission and may read the record can close, reopen, or enable/disable it without general
/// <c>write</c>; only the action's own keys are accepted. These are also the only ways status, record state and
/// workflow change (Primero's normal update accepts them too, which is how its users with plain write could close
/// or disable records the UI never offered to).
/// </summary>
internal static class RecordActions
{
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string EnableDisable = "enable_disable_record";
    public const string AddNote = "add_note";
    public const string NotesField = "notes_section";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { Close, Reopen, EnableDisable, AddNote, Identified.IdentifiedCases.Action };

    /// <summary>
    /// <c>add_note</c>: appends the rows sent in <c>notes_section</c> — checked against the notes subform, stamped with
    /// their author, today's date when none is given, and a new row id — and never edits or removes an existing note.
    /// </summary>
    public static (List<string> Changed, List<string> Errors) AddNotes(JsonObject document, JsonObject data, FormSchema schema, string userName, DateTimeOffset now)
    {
        if (schema.Find(NotesField) is not SubformField notes || schema.RowSchema(notes) is not { } rows) return ([], ["/" + NotesField]);
        if (data[NotesField] is not JsonArray { Count: > 0 } sent) return ([], ["/" + NotesField]);
        var added = new JsonArray();
        var errors = new List<string>();
        for (var i = 0; i < sent.Count; i++)
        {
            if (sent[i] is not JsonObject row || row["unique_id"] is not null) { errors.Add($"/{NotesField}/{i}"); continue; }
            var clean = RecordValidator.Sanitize(row, rows);
            clean["note_date"] ??= DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            errors.AddRange(RecordValidator.ValidateTypes(clean, rows).Concat(RecordValidator.ValidateRequired(clean, rows)).Select(e => $"/{NotesField}/{i}{e.Path}"));
            clean["unique_id"] = Guid.CreateVersion7().ToString();
            clean["note_created_by"] = userName;
            added.Add(clean);
        }
        if (errors.Count > 0) return ([], errors);
        var all = (document[NotesField] as JsonArray)?.DeepClone().AsArray() ?? [];
        foreach (var row in added) all.Add(row!.DeepClone());
        document[NotesField] = all;
        return ([NotesField], []);
    }

    /// <summary>Applies the action; returns the changed keys, or the JSON pointers of what the request got wrong.</summary>
    public static (List<string> Changed, List<string> Errors) Apply(string action, RecordEntity record, JsonObject document, JsonObject data, string userName, DateTimeOffset now)
    {
        var changed = new List<string>();
        var errors = new List<string>();
        var today = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (action)
        {
            case Close:
                if (data["status"] is not null && JsonRead.Str(data, "status") != "closed") errors.Add("/status");
                var closedOn = JsonRead.Str(data, "date_closure");
                if (closedOn is not null && !RecordValidator.IsDate(closedOn)) errors.Add("/date_closure");
                if (errors.Count > 0 || record.Status == "closed") break;
                record.Status = "closed";
                changed.Add("status");
                document["date_closure"] = closedOn ?? today;
                changed.Add("date_closure");
                break;
            case Reopen:
                if (data["status"] is not null && JsonRead.Str(data, "status") != "open") errors.Add("/status");
                if (errors.Count > 0 || record.Status != "closed") break;
                record.Status = "open";
                document["case_status_reopened"] = true;
                // Newest first, as Primero keeps them.
                var logs = (document["reopened_logs"] as JsonArray)?.DeepClone().AsArray() ?? [];
                logs.Insert(0, new JsonObject { ["reopened_date"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ["reopened_user"] = userName });
                document["reopened_logs"] = logs;
                changed.AddRange(["status", "case_status_reopened", "reopened_logs"]);
                break;
            case EnableDisable:
                if (JsonRead.Bool(data, "record_state") is not { } state) { errors.Add("/record_state"); break; }
                if (record.RecordState == state) break;
                record.RecordState = state;
                changed.Add("record_state");
                break;
        }
        return (changed, errors);
    }
}
