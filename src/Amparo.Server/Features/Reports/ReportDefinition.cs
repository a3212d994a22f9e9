using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Reports;

/// <summary>
/// A report definition as Primero configures it (aggregate by, disaggregate by, filters, graph), imported with the
/// rest of a configuration. <c>GET /api/v2/reports</c> lists them; building their figures belongs to the reports work.
/// </summary>
internal sealed class ReportDefinition : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UniqueId { get; set; }
    public string Name { get; set; } = "{}";
    public string Description { get; set; } = "{}";
    public string? ModuleId { get; set; }
    public string? RecordType { get; set; }
    /// <summary>The remaining attributes (aggregate_by, disaggregate_by, filters, group_dates_by, is_graph...), as given.</summary>
    public string Definition { get; set; } = "{}";
    public bool Editable { get; set; } = true;
}
