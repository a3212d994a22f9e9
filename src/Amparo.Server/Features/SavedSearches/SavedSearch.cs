using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.SavedSearches;

/// <summary>A user's named list filter (Primero's saved search): record type, modules and the filters, as sent.</summary>
internal sealed class SavedSearch : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required string Name { get; set; }
    public required string RecordType { get; set; }
    public string ModuleIds { get; set; } = "[]";
    public string Filters { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
}
