using System.Security.Cryptography;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Attachments;

/// <summary>
/// Keeps attachment bytes on disk encrypted with AES-GCM under a per-tenant data key. The data key is random, stored
/// wrapped by ASP.NET Core Data Protection (the server's master key ring, <c>DataProtection:KeysPath</c>), so a copy of
/// the files or of the database alone reveals nothing. Each file: 12-byte nonce, 16-byte tag, ciphertext; the record
/// and attachment ids are authenticated with it, so a file cannot be swapped onto another record.
/// </summary>
internal sealed class AttachmentStore(AmparoDbContext db, TenantContext tenant, IDataProtectionProvider protection, IConfiguration configuration)
{
    private const string Purpose = "attachments";
    private readonly IDataProtector _wrap = protection.CreateProtector("Amparo.Attachments.TenantKey.v1");

    private string Folder => Path.Combine(configuration["Attachments:Path"] ?? Path.Combine("data", "attachments"), tenant.TenantId.ToString("N"));

    private string PathOf(Guid id) => Path.Combine(Folder, id.ToString("N"));

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        var stored = await db.Set<TenantKey>().FirstOrDefaultAsync(k => k.Purpose == Purpose, ct);
        if (stored is not null) return _wrap.Unprotect(Convert.FromBase64String(stored.WrappedKey));
        var key = RandomNumberGenerator.GetBytes(32);
        db.Add(new TenantKey { Purpose = Purpose, WrappedKey = Convert.ToBase64String(_wrap.Protect(key)) });
        await db.SaveChangesAsync(ct);
        return key;
    }

    private static byte[] AssociatedData(Guid recordId, Guid attachmentId) => [.. recordId.ToByteArray(), .. attachmentId.ToByteArray()];

    public async Task WriteAsync(Attachment attachment, byte[] content, CancellationToken ct)
    {
        using var aes = new AesGcm(await KeyAsync(ct), 16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[content.Length];
        aes.Encrypt(nonce, content, cipher, tag, AssociatedData(attachment.RecordId, attachment.Id));
        Directory.CreateDirectory(Folder);
        await File.WriteAllBytesAsync(PathOf(attachment.Id), [.. nonce, .. tag, .. cipher], ct);
    }

    /// <summary>The decrypted bytes, or null when the file is missing or does not authenticate.</summary>
    public async Task<byte[]?> ReadAsync(Attachment attachment, CancellationToken ct)
    {
        var path = PathOf(attachment.Id);
        if (!File.Exists(path)) return null;
        var stored = await File.ReadAllBytesAsync(path, ct);
        if (stored.Length < 28) return null;
        using var aes = new AesGcm(await KeyAsync(ct), 16);
        var plain = new byte[stored.Length - 28];
        try
        {
            aes.Decrypt(stored.AsSpan(0, 12), stored.AsSpan(28), stored.AsSpan(12, 16), plain, AssociatedData(attachment.RecordId, attachment.Id));
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public void Delete(Attachment attachment)
    {
        var path = PathOf(attachment.Id);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Where a file is kept (for tests that check what is on disk).</summary>
    internal string StoragePath(Guid id) => PathOf(id);
}
