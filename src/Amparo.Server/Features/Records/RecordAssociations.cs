using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Records;

/// <summary>
/// How a user is tied to a record. Every relation makes the user an associated user (Primero's
/// <c>associated_user_names</c>): the access rule treats them alike; transitions add and remove them.
/// </summary>
internal static class RecordRelation
{
    public const string Owner = "owner";
    public const string Assigned = "assigned";
    public const string Referred = "referred";
    public const string TransferPending = "transfer_pending";
}

/// <summary>The truth of who is associated with a record (owner, assigned, referred, ...).</summary>
internal sealed class RecordUser : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public int UserId { get; set; }
    public required string Relation { get; set; }
}

/// <summary>
/// Projection: the user groups of a record's associated users. Kept in the same transaction as anything
/// that changes it (ownership, a user's group membership), so group scope is never stale and stays a
/// cheap indexed join (design §4).
/// </summary>
internal sealed class RecordGroup : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public int UserGroupId { get; set; }
}

/// <summary>Projection: the agencies of a record's associated users; see <see cref="RecordGroup"/>.</summary>
internal sealed class RecordAgency : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public int AgencyId { get; set; }
}
