using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Alerts;

/// <summary>
/// Something on a record its owner should look at (Primero's alerts): today, a form someone else changed
/// (<c>alert_for: field_change</c>, <c>type</c> = the form). Removed when the owner saves that form, or explicitly.
/// </summary>
internal sealed class Alert : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public required string RecordType { get; set; }
    public Guid UniqueId { get; set; }
    public required string AlertFor { get; set; }
    public required string Type { get; set; }
    public string? FormUniqueId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>The user the alert is for (a transition's recipient); null: the record's owner.</summary>
    public int? UserId { get; set; }
    /// <summary>Who caused it (not shown: the history says who changed what).</summary>
    public required string CreatedBy { get; set; }
}
