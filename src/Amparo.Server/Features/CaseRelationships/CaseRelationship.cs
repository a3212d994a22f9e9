using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.CaseRelationships;

/// <summary>
/// A link between two cases (Primero's <c>case_relationships</c>): stored once, from one side, with the type as seen
/// from <see cref="FromCaseId"/>; the other side reads the inverse type. Never deleted, only disabled.
/// </summary>
internal sealed class CaseRelationship : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid FromCaseId { get; set; }
    public Guid ToCaseId { get; set; }
    public required string RelationshipType { get; set; }
    public bool Primary { get; set; }
    public bool Disabled { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
