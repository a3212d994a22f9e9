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

/// <summary>
/// The tenant's configured system settings (Primero's <c>SystemSettings</c> row: age ranges, reporting location,
/// approval labels, ...), as imported or edited; <c>GET /system_settings</c> lays them over Amparo's defaults.
/// </summary>
internal sealed class StoredSystemSettings : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public string Settings { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
}
