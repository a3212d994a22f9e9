using System.Security.Cryptography;
using System.Text;

namespace Amparo.Server.Platform.Security;

/// <summary>
/// How secrets handed to people (session tokens, reset links, recovery codes) are stored: only their SHA-256,
/// so reading the database does not hand out anything usable.
/// </summary>
internal static class TokenHash
{
    public static string Of(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
