using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Transitions;

/// <summary>
/// A hand-over of a record (Primero's <c>transitions</c>): an assignment, a referral, a transfer or a request for a
/// transfer. Who sent it, to whom, and — as snapshots taken when it was made — the agencies and groups of the sender,
/// the recipient and the owner, so the history reads the same after people move teams. Access it grants lives in
/// <c>record_users</c> (kept in step by <see cref="TransitionAccess"/>), never derived from this row at read time.
/// </summary>
internal sealed class Transition : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public Guid RecordId { get; set; }
    public required string RecordType { get; set; }
    /// <summary>The recipient's user name (none for remote transitions).</summary>
    public string? TransitionedTo { get; set; }
    /// <summary>The recipient's id, kept for the access and field-rights queries (user names are only for the wire).</summary>
    public int? TransitionedToUserId { get; set; }
    public string? TransitionedToRemote { get; set; }
    public string? TransitionedToAgency { get; set; }
    public required string TransitionedBy { get; set; }
    public int TransitionedByUserId { get; set; }
    public string? TransitionedByUserAgency { get; set; }
    /// <summary>JSON array of user group unique ids.</summary>
    public string TransitionedByUserGroups { get; set; } = "[]";
    public string? TransitionedToUserAgency { get; set; }
    public string TransitionedToUserGroups { get; set; } = "[]";
    public string? Notes { get; set; }
    public string? RejectedReason { get; set; }
    public string? RejectionNote { get; set; }
    public bool Remote { get; set; }
    public string? TypeOfExport { get; set; }
    public string? Service { get; set; }
    public string? ServiceRecordId { get; set; }
    public bool ConsentOverridden { get; set; }
    public bool ConsentIndividualTransfer { get; set; }
    /// <summary>Referrals: the role whose forms the recipient works under (none: their own role).</summary>
    public string? AuthorizedRoleUniqueId { get; set; }
    public bool AllowCaseCreation { get; set; }
    public required string RecordOwnedBy { get; set; }
    public string? RecordOwnedByAgency { get; set; }
    public string RecordOwnedByGroups { get; set; } = "[]";
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal static class TransitionTypes
{
    public const string Assign = "Assign";
    public const string Referral = "Referral";
    public const string Transfer = "Transfer";
    public const string TransferRequest = "TransferRequest";

    public static readonly string[] All = [Assign, Referral, Transfer, TransferRequest];
}

internal static class TransitionStatus
{
    public const string InProgress = "in_progress";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Done = "done";
    public const string Revoked = "revoked";

    public static readonly string[] All = [InProgress, Accepted, Rejected, Done, Revoked];
}
