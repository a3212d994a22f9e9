using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.SystemSettings;

/// <summary>Who users contact for help (one per tenant), shown in the client's support page.</summary>
internal sealed class ContactInformation : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public string? Name { get; set; }
    public string? Organization { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Location { get; set; }
    public string? Position { get; set; }
    public string? SupportForum { get; set; }
    public string? OtherInformation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
