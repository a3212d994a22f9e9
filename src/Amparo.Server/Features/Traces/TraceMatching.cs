using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;

namespace Amparo.Server.Features.Traces;

/// <summary>
/// Writes a match into the trace's row of its tracing request — the one place the match is kept — as any other save of
/// the request, through <see cref="RecordChanges"/>: a history entry, the owner's alert, the trace index, a new version.
/// </summary>
internal sealed class TraceMatching(RecordChanges changes)
{
    /// <summary>Sets (or, with no case, clears) the trace's match; the trace as it now reads (<see cref="TraceJson.Of"/>).</summary>
    public async Task<JsonObject?> MatchAsync(CurrentUser user, RecordEntity request, string traceId, Guid? caseId, FieldAccess access, CancellationToken ct)
    {
        var change = changes.Begin(request, user.UserName, user.Id);
        change.AnswersSchema = access.Full;
        var row = TraceIndex.RowsOf(change.Document).First(r => r.TraceId == traceId).Row;
        var value = caseId?.ToString();
        if (JsonRead.Str(row, TraceIndex.MatchedCaseId) != value)
        {
            if (value is null) row.Remove(TraceIndex.MatchedCaseId);
            else row[TraceIndex.MatchedCaseId] = value;
            change.Mark(TraceIndex.Subform);
            await changes.SaveAsync(change, ct);
        }
        return TraceJson.Of(request, change.Document, row, access);
    }
}
