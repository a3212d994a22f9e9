using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Flags;

/// <summary>A flag raised on a record ("needs attention: ..."), until someone resolves it with a message.</summary>
internal sealed class Flag : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public required string RecordType { get; set; }
    public DateOnly Date { get; set; }
    public required string Message { get; set; }
    public required string FlaggedBy { get; set; }
    public bool Removed { get; set; }
    public string? UnflagMessage { get; set; }
    public string? UnflaggedBy { get; set; }
    public DateOnly? UnflaggedDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
