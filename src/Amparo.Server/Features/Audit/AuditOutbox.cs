using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// An audit event written but not yet chained. Writers only insert here — in their own transaction, so the event
/// commits with the change it describes — and never wait for the chain; <see cref="AuditChainer"/> moves ready rows
/// into <see cref="AuditEvent"/>'s hash chain in order. A request's event is written as not ready when the request
/// changes a record (with the change, status not known yet) and made ready before its answer goes out; a row a dead
/// process left not ready is chained anyway after <see cref="AuditChainer.Abandoned"/>, with no status.
/// </summary>
internal sealed class AuditOutboxEntry : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorUserName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string Detail { get; set; } = "{}";
    public bool Ready { get; set; }
}
