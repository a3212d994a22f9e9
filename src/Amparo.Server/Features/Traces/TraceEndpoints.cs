using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Traces;

/// <summary>
/// Traces, the children a tracing request seeks (Primero §2.2, §2.8): each is a <c>tracing_request_subform_section</c>
/// row of its tracing request, addressed by the row's <c>unique_id</c> (ADR 0012). Reading a trace is reading its tracing
/// request: the same access rule, and only what the user's forms let them read — the rows need the subform field, the
/// inquirer's answers (<c>relation_name</c>, <c>inquiry_date</c>, <c>inquirer_id</c>) their own fields. Matching a trace
/// to a case is a write of the tracing request, and the case must be one the user may read.
/// </summary>
internal static class TraceEndpoints
{
    private static readonly string TracingRequest = RecordType.TracingRequest.Name;

    public static IEndpointRouteBuilder MapTraceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tracing_requests/{id}/traces", OfTracingRequestAsync).RequirePermission(TracingRequest, "read").WithTags("tracing_requests")
            .WithSummary("The children sought by a tracing request: {data:[trace]}.");
        api.MapGet("/traces/{id}", ShowAsync).RequirePermission(TracingRequest, "read").WithTags("traces")
            .WithSummary("One trace: {id, matched_case_id, tracing_request_id, inquirer_id, relation, relation_name, inquiry_date, name, age, sex}.");
        api.MapPatch("/traces/{id}", MatchAsync).RequirePermission(TracingRequest, "write").WithTags("traces")
            .WithSummary("Match a trace to a case (data{matched_case_id}), or unmatch it with null.");
        api.MapGet("/cases/{id}/traces", OfCaseAsync).RequirePermission(RecordEndpoints.Cases, "read").WithTags("cases")
            .WithSummary("Traces matched to this case, from tracing requests the user may read: {data:[trace]}.");
        return api;
    }

    private static async Task<FieldAccess> AccessAsync(HttpContext http, FieldPermissions permissions, RecordEntity request) =>
        await permissions.ForAsync(CurrentUser.From(http), request.ModuleId, TracingRequest, http.RequestAborted) ?? RecordEndpoints.NoFields;

    private static async Task<IResult> OfTracingRequestAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id)
    {
        var request = await RecordAccess.FindReadableAsync(http, db, TracingRequest, id);
        var access = await AccessAsync(http, permissions, request!);
        if (!access.CanRead(TraceIndex.Subform)) return ApiErrors.Forbidden(http);
        var document = JsonNode.Parse(request!.Data)!.AsObject();
        var traces = new JsonArray();
        foreach (var (_, _, row) in TraceIndex.RowsOf(document)) traces.Add(TraceJson.Of(request, document, row, access));
        return Results.Json(new JsonObject { ["data"] = traces });
    }

    /// <summary>
    /// The tracing request holding a trace, if the user may open it: 404 when no tracing request has the trace, 403 when
    /// none of those holding it is in the user's scope. Row ids are unique unless a client chose a taken one, so among
    /// several holders the earliest the user may open wins, and one user's choice never reaches another's records.
    /// </summary>
    private static async Task<RecordEntity> FindTraceAsync(HttpContext http, AmparoDbContext db, string traceId, bool track)
    {
        var holders = db.Set<TraceEntity>().Where(t => t.TraceId == traceId).OrderBy(t => t.Id).Select(t => t.TracingRequestId);
        var query = track ? db.Records : db.Records.AsNoTracking();
        var allowed = await query.Where(r => r.RecordType == TracingRequest && holders.Contains(r.Id))
            .ReadableAmong(db, CurrentUser.From(http)).ToListAsync(http.RequestAborted);
        if (allowed.Count > 0)
        {
            var order = await holders.ToListAsync(http.RequestAborted);
            return allowed.OrderBy(r => order.IndexOf(r.Id)).First();
        }
        throw await holders.AnyAsync(http.RequestAborted)
            ? ApiException.Forbidden()
            : ApiException.NotFound($"Couldn't find trace with 'id'={traceId}");
    }

    private static JsonObject? Row(JsonObject document, string traceId) =>
        TraceIndex.RowsOf(document).Where(r => r.TraceId == traceId).Select(r => r.Row).FirstOrDefault();

    private static async Task<IResult> ShowAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id)
    {
        var request = await FindTraceAsync(http, db, id, track: false);
        var document = JsonNode.Parse(request.Data)!.AsObject();
        var json = Row(document, id) is { } row ? TraceJson.Of(request, document, row, await AccessAsync(http, permissions, request)) : null;
        return json is null ? ApiErrors.Forbidden(http) : Results.Json(new JsonObject { ["data"] = json });
    }

    private static async Task<IResult> MatchAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, TraceMatching matching, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        Guid? caseId;
        switch (data![TraceIndex.MatchedCaseId])
        {
            case null when data.ContainsKey(TraceIndex.MatchedCaseId):
                caseId = null;
                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var parsed):
                caseId = parsed;
                break;
            default:
                return ApiErrors.Invalid(http, TraceIndex.MatchedCaseId, "errors.models.trace.matched_case_id");
        }

        var request = await FindTraceAsync(http, db, id, track: true);
        var access = await AccessAsync(http, permissions, request);
        if (!access.CanRead(TraceIndex.Subform)) return ApiErrors.Forbidden(http);
        if (caseId is { } matched)
        {
            // A trace may only point at a case the user could open; an unknown case is a bad request, not a missing trace.
            var user = CurrentUser.From(http);
            if (!user.Can(RecordEndpoints.Cases, "read")) return ApiErrors.Forbidden(http);
            var readable = await db.Records.Where(r => r.Id == matched && r.RecordType == RecordEndpoints.Cases).ReadableAmong(db, user).AnyAsync(http.RequestAborted);
            if (!readable)
                return await db.Records.AnyAsync(r => r.Id == matched && r.RecordType == RecordEndpoints.Cases, http.RequestAborted)
                    ? ApiErrors.Forbidden(http)
                    : ApiErrors.Invalid(http, TraceIndex.MatchedCaseId, "errors.models.trace.matched_case_id");
        }
        return Results.Json(new JsonObject { ["data"] = await matching.MatchAsync(CurrentUser.From(http), request, id, caseId, access, http.RequestAborted) });
    }

    private static async Task<IResult> OfCaseAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var user = CurrentUser.From(http);
        var traces = new JsonArray();
        if (user.Can(TracingRequest, "read"))
        {
            var holders = db.Set<TraceEntity>().Where(t => t.MatchedCaseId == record!.Id).Select(t => t.TracingRequestId);
            var requests = await db.Records.AsNoTracking().Where(r => r.RecordType == TracingRequest && holders.Contains(r.Id))
                .ReadableAmong(db, user).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(http.RequestAborted);
            var caseId = record!.Id.ToString();
            foreach (var request in requests)
            {
                var access = await AccessAsync(http, permissions, request);
                var document = JsonNode.Parse(request.Data)!.AsObject();
                foreach (var (_, matched, row) in TraceIndex.RowsOf(document))
                    if (matched?.ToString() == caseId && TraceJson.Of(request, document, row, access) is { } trace) traces.Add(trace);
            }
        }
        return Results.Json(new JsonObject { ["data"] = traces });
    }
}
