using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary>
/// <c>POST /:type/:id/(assigns|referrals|transfers|transfer_requests)</c> and the bulk <c>POST /cases/(referrals|transfers)</c>
/// (with <c>ids</c>), inside <c>{"data": …}</c>. Which fields count depends on the kind (contract §2.6): the recipient
/// (<c>transitioned_to</c>) or, for a remote hand-over, <c>transitioned_to_remote</c>/<c>_agency</c> and the authorised role;
/// a referral's service (or the services row it comes from) and authorised role; the consent override.
/// </summary>
public sealed record TransitionRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TransitionedTo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Remote = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TransitionedToRemote = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TransitionedToAgency = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TypeOfExport = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Service = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServiceRecordId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ConsentOverridden = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ConsentIndividualTransfer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AuthorizedRoleUniqueId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AllowCaseCreation = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Ids = null);

/// <summary>
/// <c>PATCH /:type/:id/(referrals|transfers|transfer_requests)/:tid</c>: the answer (<c>accepted</c>, <c>rejected</c>,
/// <c>done</c>, <c>revoked</c>), with the reason of a rejection or the note of a completed referral.
/// </summary>
public sealed record TransitionAnswer(
    string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectedReason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectionNote = null);

/// <summary>A transition as Primero's API shows it (contract §2.6): values it does not have are left out, never null.</summary>
public sealed record TransitionJson
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public string RecordId { get; init; } = "";
    public string RecordType { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedTo { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedToRemote { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedToAgency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedByUserAgency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TransitionedByUserGroups { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TransitionedToUserAgency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TransitionedToUserGroups { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Notes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RejectedReason { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RejectionNote { get; init; }
    public bool Remote { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TypeOfExport { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Service { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ServiceRecordId { get; init; }
    public bool ConsentOverridden { get; init; }
    public bool ConsentIndividualTransfer { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AuthorizedRoleUniqueId { get; init; }
    public bool AllowCaseCreation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RecordOwnedBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RecordOwnedByAgency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? RecordOwnedByGroups { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RespondedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CreatedAt { get; init; }
    public bool RecordAccessDenied { get; init; }
    public bool UserCanAcceptOrReject { get; init; }
    /// <summary>After a create or an answer, the record's changed system fields, when the caller can still open it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TransitionRecordSummary? Record { get; init; }
}

/// <summary>The record as a transition left it: owner, status and (for transfers) the transfer's status.</summary>
public sealed record TransitionRecordSummary(
    string Id,
    bool Enabled,
    string LastUpdatedAt,
    string OwnedBy,
    string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TransferStatus = null);

/// <summary>
/// The bulk referral or transfer's answer: the transitions made, and each record's refusal with its <c>record_id</c>
/// (left out when every record went).
/// </summary>
public sealed record BulkTransitionResponse(
    IReadOnlyList<TransitionJson> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ApiError>? Errors = null);

/// <summary>A user who may receive (<c>GET /users/assign-to|refer-to|transfer-to</c>).</summary>
public sealed record TransitionRecipient(
    int Id,
    string UserName,
    string FullName,
    bool Disabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agency = null);
