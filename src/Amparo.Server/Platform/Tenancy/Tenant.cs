namespace Amparo.Server.Platform.Tenancy;

/// <summary>An organisation hosted by this Amparo. One, the default, needs no configuration.</summary>
internal sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Host name that selects this tenant (e.g. <c>unicef.amparo.example</c>); null for none.</summary>
    public string? HostName { get; set; }
    public bool IsDefault { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
