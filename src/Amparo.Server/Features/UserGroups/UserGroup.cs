using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.UserGroups;

/// <summary>A team of users; group-scoped roles see the records of their groups.</summary>
internal sealed class UserGroup : IAccessData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Disabled { get; set; }
    /// <summary>JSON array of the unique ids of the agencies the group belongs to (Primero's <c>agency_unique_ids</c>).</summary>
    public string AgencyUniqueIds { get; set; } = "[]";
}

/// <summary>A user's membership of a group: the relational truth that group scope is answered from.</summary>
internal sealed class UserGroupMembership : IAccessData
{
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public int UserGroupId { get; set; }
}
