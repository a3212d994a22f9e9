using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.History;

/// <summary>
/// One save of a record: who, when, create or update, and each changed field's value before and after
/// (<c>{"field": {"from": ..., "to": ...}}</c>, Primero's <c>record_changes</c>). Append-only.
/// </summary>
internal sealed class RecordHistory : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public required string RecordType { get; set; }
    public required string Action { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset Datetime { get; set; }
    public string Changes { get; set; } = "{}";
}
