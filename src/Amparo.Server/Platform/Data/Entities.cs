namespace Amparo.Server.Platform.Data;

/// <summary>A row that belongs to one tenant. The DbContext fills in and filters on <see cref="TenantId"/>.</summary>
internal interface ITenantOwned
{
    Guid TenantId { get; set; }
}
