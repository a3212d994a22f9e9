using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Forms;

/// <summary>A form section, stored as its Primero-shaped JSON definition (read with <see cref="Amparo.Forms.FormJson"/>).</summary>
internal sealed class FormSectionEntity : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string ParentForm { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Primero module (e.g. <c>primeromodule-cp</c>): which record types and forms it uses.</summary>
internal sealed class ModuleEntity : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Comma-free JSON arrays of record types and form unique ids.</summary>
    public required string AssociatedRecordTypes { get; set; }
    public required string FormSectionUniqueIds { get; set; }
}
