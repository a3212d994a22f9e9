using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Attachments;

/// <summary>A file attached to a record's upload field. The bytes live encrypted on disk; this row says what they are.</summary>
internal sealed class Attachment : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public required string RecordType { get; set; }
    public required string FieldName { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public string? Description { get; set; }
    public DateOnly? Date { get; set; }
    public bool IsCurrent { get; set; }
    public string? Comments { get; set; }
    /// <summary>Who signed, for signature fields.</summary>
    public string? SignatureProvidedBy { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A tenant's data key for attachments, wrapped (encrypted) by the server's master key ring.</summary>
internal sealed class TenantKey : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Purpose { get; set; }
    public required string WrappedKey { get; set; }
}
