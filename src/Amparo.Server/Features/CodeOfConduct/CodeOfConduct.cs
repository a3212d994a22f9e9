using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.CodeOfConduct;

/// <summary>A published version of the code of conduct users accept. Versions are kept; the newest is in force.</summary>
internal sealed class CodeOfConductVersion : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public DateTimeOffset CreatedOn { get; set; }
    public required string CreatedBy { get; set; }
}
