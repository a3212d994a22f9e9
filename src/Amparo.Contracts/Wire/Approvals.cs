using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary>
/// <c>PATCH /:type/:id/approvals/:approval_id</c>, inside <c>{"data": …}</c>: <c>approval_status</c> (requested, approved,
/// rejected), a sub-type for case and action plans, the manager's notes.
/// </summary>
public sealed record ApprovalRequest(
    string? ApprovalStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApprovalType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes = null);

/// <summary>
/// The answer: <c>{"data": {"record": …}}</c>. The record part is a document (its <c>approval_subforms</c> and the
/// approval's own keys, which are named after the approval id), like every record on the wire.
/// </summary>
public sealed record ApprovalResponse(JsonObject Record);
