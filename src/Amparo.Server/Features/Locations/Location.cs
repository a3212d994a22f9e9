using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Locations;

/// <summary>
/// A place in the tenant's administrative hierarchy. <see cref="HierarchyPath"/> holds the codes from the top
/// down, dot-separated (<c>JO.JO11.JO1101</c>, as Primero's ltree), so descendants are found with one prefix match.
/// Names along the path are joined at read time, so renaming a parent renames its descendants at once.
/// </summary>
internal sealed class Location : IConfigurationData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Code { get; set; }
    public string? Type { get; set; }
    public int AdminLevel { get; set; }
    /// <summary>The place's own name per locale, <c>{"en": ..., "ar": ...}</c>.</summary>
    public string Placename { get; set; } = "{}";
    public required string HierarchyPath { get; set; }
    public bool Disabled { get; set; }

    public string? ParentCode => HierarchyPath.LastIndexOf('.') is var dot and > 0 ? HierarchyPath[..dot].Split('.')[^1] : null;

    public IEnumerable<string> Ancestors => HierarchyPath.Split('.')[..^1];
}
