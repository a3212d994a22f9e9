using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Records;

namespace Amparo.Server.Features.Traces;

/// <summary>A trace on the wire, shared by the trace endpoints and matching.</summary>
internal static class TraceJson
{
    /// <summary>The answers of a row a trace shows, beside its ids.</summary>
    private static readonly string[] RowFields = ["relation", "name", "age", "sex"];

    /// <summary>The tracing request's answers a trace shows (the inquirer's).</summary>
    private static readonly string[] InquirerFields = ["relation_name", "inquiry_date"];

    /// <summary>A trace as the user may see it; null when the user may not read the tracing request's traces at all.</summary>
    public static JsonObject? Of(RecordEntity request, JsonObject document, JsonObject row, FieldAccess access)
    {
        if (!access.CanRead(TraceIndex.Subform)) return null;
        var o = new JsonObject
        {
            ["id"] = JsonRead.Str(row, "unique_id"),
            ["matched_case_id"] = JsonRead.Str(row, TraceIndex.MatchedCaseId),
            ["tracing_request_id"] = request.Id.ToString(),
        };
        // Primero's inquirer_id defaults to the tracing request's own identifier when the inquirer has none of their own.
        if (!access.CanRead("inquirer_id")) o["inquirer_id"] = request.UniqueIdentifier.ToString();
        else o["inquirer_id"] = document["inquirer_id"]?.DeepClone() ?? request.UniqueIdentifier.ToString();
        foreach (var key in InquirerFields)
            if (access.CanRead(key)) o[key] = document[key]?.DeepClone();
        foreach (var key in RowFields) o[key] = row[key]?.DeepClone();
        return o;
    }
}
