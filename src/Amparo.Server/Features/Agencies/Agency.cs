using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Agencies;

/// <summary>An organisation whose staff use the system; users belong to one. Disabled, never deleted.</summary>
internal sealed class Agency : IConfigurationData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string AgencyCode { get; set; }
    /// <summary>JSON i18n object <c>{"en": "...", "fr": "..."}</c>.</summary>
    public string Name { get; set; } = "{}";
    public string Description { get; set; } = "{}";
    public bool Disabled { get; set; }
}
