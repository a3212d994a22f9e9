using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Forms;

/// <summary>A form section, stored as its Primero-shaped JSON definition (read with <see cref="Amparo.Forms.FormJson"/>).</summary>
internal sealed class FormSectionEntity : IConfigurationData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string ParentForm { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Raised by every change; each change is also kept in <see cref="FormSectionVersion"/>.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>
/// One published version of a form: the definition as it was, who published it and when, and the fields it renamed
/// (<c>{"old": "new"}</c>). Its <see cref="Id"/> orders every publication of the tenant, and is the configuration
/// version a record remembers it was saved against.
/// </summary>
internal sealed class FormSectionVersion : IConfigurationData
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public int Version { get; set; }
    /// <summary>The definition, or null when this version deleted the form.</summary>
    public string? Definition { get; set; }
    public string Renames { get; set; } = "{}";
    public string? PublishedBy { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>A Primero module (e.g. <c>primeromodule-cp</c>): which record types and forms it uses.</summary>
internal sealed class ModuleEntity : IConfigurationData
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Comma-free JSON arrays of record types and form unique ids.</summary>
    public required string AssociatedRecordTypes { get; set; }
    public required string FormSectionUniqueIds { get; set; }
    /// <summary>The rest of Primero's module attributes (module_options, field_map, workflows...), kept as given.</summary>
    public string Extra { get; set; } = "{}";
}
