using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Traces;

/// <summary>
/// Where a trace lives: one row per <c>tracing_request_subform_section</c> row of a tracing request, rebuilt from the
/// request's answers on every save (ADR 0012). The answers themselves, <c>matched_case_id</c> included, stay in the
/// tracing request's document; this is only the index that finds a trace by its id, or the traces matched to a case.
/// </summary>
internal sealed class TraceEntity : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The subform row's <c>unique_id</c>: the trace's id on the wire.</summary>
    public required string TraceId { get; set; }
    public Guid TracingRequestId { get; set; }
    public Guid? MatchedCaseId { get; set; }
}
