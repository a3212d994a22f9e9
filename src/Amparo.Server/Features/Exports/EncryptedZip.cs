using ICSharpCode.SharpZipLib.Zip;

namespace Amparo.Server.Features.Exports;

/// <summary>
/// Files that leave the server as a zip with AES-256 entries (WinZip AE-2, opened by 7-Zip, WinZip, macOS Archive
/// Utility's successors and most phone file managers): what a person carries out on a USB stick or sends by mail is
/// unreadable without the password, which the server never stores.
/// </summary>
internal static class EncryptedZip
{
    public const int MinimumPasswordLength = 8;
    public const int MaximumPasswordLength = 200;

    public static byte[] Create(string entryName, byte[] content, string password)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipOutputStream(output) { IsStreamOwner = false, Password = password })
        {
            zip.SetLevel(6);
            zip.PutNextEntry(new ZipEntry(entryName) { AESKeySize = 256, DateTime = DateTime.UtcNow, Size = content.Length });
            zip.Write(content);
            zip.CloseEntry();
        }
        return output.ToArray();
    }
}
