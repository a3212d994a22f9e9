using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Traces;

/// <summary>
/// Keeps the <c>traces</c> index in step with a tracing request's <c>tracing_request_subform_section</c> rows, in the
/// same unit of work as the save, the way <see cref="Search.SearchIndex"/> keeps search keys: every path that saves a
/// tracing request calls it, so the index never says more than the document.
/// </summary>
internal sealed class TraceIndex(AmparoDbContext db)
{
    public const string Subform = "tracing_request_subform_section";
    public const string MatchedCaseId = "matched_case_id";

    /// <summary>
    /// The rows that are traces: those with a string <c>unique_id</c> short enough to index. The server gives every new
    /// row a UUID; a client-chosen id beyond 64 characters is left out of the index rather than failing the save.
    /// </summary>
    public static IEnumerable<(string TraceId, Guid? MatchedCaseId, JsonObject Row)> RowsOf(JsonObject document)
    {
        if (document[Subform] is not JsonArray rows) yield break;
        foreach (var row in rows.OfType<JsonObject>())
        {
            if (JsonRead.Str(row, "unique_id") is not { Length: > 0 and <= 64 } id) continue;
            yield return (id, Guid.TryParse(JsonRead.Str(row, MatchedCaseId), out var matched) ? matched : null, row);
        }
    }

    /// <summary>The index rows of a new record (none unless it is a tracing request).</summary>
    public static IEnumerable<TraceEntity> EntriesOf(RecordEntity record, JsonObject document) =>
        record.RecordType != RecordType.TracingRequest.Name
            ? []
            : RowsOf(document).DistinctBy(r => r.TraceId).Select(r => new TraceEntity { TraceId = r.TraceId, TracingRequestId = record.Id, MatchedCaseId = r.MatchedCaseId });

    public async Task RefreshAsync(RecordEntity record, JsonObject document, CancellationToken ct)
    {
        if (record.RecordType != RecordType.TracingRequest.Name) return;
        var wanted = RowsOf(document).DistinctBy(r => r.TraceId).ToDictionary(r => r.TraceId, r => r.MatchedCaseId, StringComparer.Ordinal);
        var current = await db.Set<TraceEntity>().Where(t => t.TracingRequestId == record.Id).ToListAsync(ct);
        foreach (var trace in current)
        {
            if (!wanted.Remove(trace.TraceId, out var matched)) db.Remove(trace);
            else trace.MatchedCaseId = matched;
        }
        foreach (var (id, matched) in wanted)
            db.Add(new TraceEntity { TraceId = id, TracingRequestId = record.Id, MatchedCaseId = matched });
    }
}
