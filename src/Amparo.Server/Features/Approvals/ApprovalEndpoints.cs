using Amparo.Contracts.Wire;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Approvals;

/// <summary>
/// <c>PATCH /api/v2/{cases,incidents,tracing_requests}/:id/approvals/:approval_id</c>: request, approve or reject an
/// assessment, case plan, closure, action plan or GBV closure. Unlike Primero, a state machine: per approval id the
/// record is unrequested, <c>pending</c>, <c>approved</c> or <c>rejected</c>; a request moves any state but pending
/// to pending (re-requesting while pending changes nothing), and only a pending request can be approved or
/// rejected. An approval never changes the record's status: an approved closure does not close the case, as in
/// Primero, where closing stays its own action.
/// </summary>
internal static class ApprovalEndpoints
{
    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in new[] { RecordType.Case, RecordType.Incident, RecordType.TracingRequest })
        {
            var name = type.Name;
            api.MapPatch($"/{type.Path}/{{id}}/approvals/{{approvalId}}", async (HttpContext http, ApprovalChange change, RequestAuditScope audit, string id, string approvalId) =>
                {
                    var data = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.ApprovalRequest);
                    // Primero's audit action for the call names the approval and the decision: case_plan_requested, closure_approved...
                    if (data.ApprovalStatus is ApprovalFields.Requested or ApprovalFields.Approved or ApprovalFields.Rejected)
                        audit.Action = $"{approvalId}_{data.ApprovalStatus}";
                    return TypedResults.Ok(new DataEnvelope<ApprovalResponse>(await change.ApplyAsync(CurrentUser.From(http), name, id, approvalId, data, http.RequestAborted)));
                })
                .AcceptsData<ApprovalRequest>()
                .WithTags(type.Path)
                .PermissionDecidedByHandler("request_approval_<id> to request, approve_<id> to decide: the body's status says which")
                .WithSummary("data{approval_status: requested|approved|rejected, approval_type?, notes?}: request_approval_<id> to request, approve_<id> to decide a pending request.");
        }
        return api;
    }
}
