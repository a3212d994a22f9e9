using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Lookups;

/// <summary>A named option list (Primero's <c>Lookup</c>) that choice fields take their options from.</summary>
internal sealed class Lookup : IConfigurationData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    /// <summary>Localised name, <c>{"en": ..., "fr": ...}</c>.</summary>
    public string Name { get; set; } = "{}";
    /// <summary>The values in API shape: <c>[{"id", "display_text": {locale: text}, "tags"?, "disabled"?}]</c>.</summary>
    public string Values { get; set; } = "[]";
    /// <summary>A locked lookup's values are fixed (the system relies on their ids); only their texts change.</summary>
    public bool Locked { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
