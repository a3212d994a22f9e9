using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Traces;

/// <summary>
/// Writes a match into the trace's row of its tracing request — the one place the match is kept — as any other save of
/// the request: a history entry, the owner's alert, the trace index, a new version (a concurrent write gets 409).
/// </summary>
internal sealed class TraceMatching(AmparoDbContext db, HistoryLog history, Alerts.AlertRules alerts, TraceIndex index, TimeProvider clock)
{
    public async Task<IResult> MatchAsync(HttpContext http, RecordEntity request, string traceId, Guid? caseId, FieldAccess access)
    {
        var document = JsonNode.Parse(request.Data)!.AsObject();
        var row = TraceIndex.RowsOf(document).First(r => r.TraceId == traceId).Row;
        var value = caseId?.ToString();
        if (JsonRead.Str(row, TraceIndex.MatchedCaseId) != value)
        {
            var before = HistoryLog.Snapshot(request, document);
            if (value is null) row.Remove(TraceIndex.MatchedCaseId);
            else row[TraceIndex.MatchedCaseId] = value;
            var userName = CurrentUser.From(http).UserName;
            List<string> changed = [TraceIndex.Subform];
            request.Data = document.ToJsonString();
            request.UpdatedAt = clock.GetUtcNow();
            request.Version++;
            history.Add(request, "update", userName, changed, before, HistoryLog.Snapshot(request, document));
            await alerts.OnSaveAsync(request, userName, changed, access.Full, http.RequestAborted);
            await index.RefreshAsync(request, document, http.RequestAborted);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiErrors.Error(http, 409, "Conflict", "The tracing request was changed by someone else; read it again and retry.");
            }
        }
        return Results.Json(new JsonObject { ["data"] = TraceJson.Of(request, document, row, access) });
    }
}
