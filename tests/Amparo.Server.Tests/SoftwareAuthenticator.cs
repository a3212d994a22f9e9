using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// A WebAuthn authenticator in software for tests: a P-256 key, "none" attestation, a signature counter. It answers
/// the server's options the way a browser's <c>navigator.credentials</c> would, for the origin it is given — so a
/// test can also play a phishing site by giving it another origin.
/// </summary>
internal sealed class SoftwareAuthenticator(string origin = "http://localhost", string rpId = "localhost") : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(32);
    private uint _counter;

    public string CredentialId => B64(_credentialId);

    /// <summary>The <c>PublicKeyCredential</c> JSON for registration options (<c>navigator.credentials.create</c>).</summary>
    public JsonObject Create(JsonNode options)
    {
        var p = _key.ExportParameters(false);
        var cose = Map((Int(1), Int(2)), (Int(3), Int(-7)), (Int(-1), Int(1)), (Int(-2), Bytes(p.Q.X!)), (Int(-3), Bytes(p.Q.Y!)));
        var attested = new byte[16].Concat(new[] { (byte)(_credentialId.Length >> 8), (byte)_credentialId.Length }).Concat(_credentialId).Concat(cose);
        var authData = AuthData(0x45, attested.ToArray()); // user present, user verified, attested credential data
        var attestation = Map((Text("fmt"), Text("none")), (Text("attStmt"), Map()), (Text("authData"), Bytes(authData)));
        return new JsonObject
        {
            ["id"] = CredentialId,
            ["rawId"] = CredentialId,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["attestationObject"] = B64(attestation),
                ["clientDataJSON"] = B64(ClientData("webauthn.create", options)),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    /// <summary>The assertion JSON for sign-in options (<c>navigator.credentials.get</c>).</summary>
    public JsonObject Get(JsonNode options)
    {
        var authData = AuthData(0x05, []);
        var clientData = ClientData("webauthn.get", options);
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject
        {
            ["id"] = CredentialId,
            ["rawId"] = CredentialId,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["authenticatorData"] = B64(authData),
                ["clientDataJSON"] = B64(clientData),
                ["signature"] = B64(signature),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    private byte[] AuthData(byte flags, byte[] attested)
    {
        _counter++;
        byte[] count = [(byte)(_counter >> 24), (byte)(_counter >> 16), (byte)(_counter >> 8), (byte)_counter];
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. count, .. attested];
    }

    private byte[] ClientData(string type, JsonNode options) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = type,
        ["challenge"] = options["challenge"]!.GetValue<string>(),
        ["origin"] = origin,
        ["crossOrigin"] = false,
    }.ToJsonString());

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Just enough CBOR (RFC 8949) for an attestation object and a COSE key.
    private static byte[] Head(int major, long value) => value switch
    {
        < 24 => [(byte)((major << 5) | (int)value)],
        < 256 => [(byte)((major << 5) | 24), (byte)value],
        _ => [(byte)((major << 5) | 25), (byte)(value >> 8), (byte)value],
    };
    private static byte[] Int(int v) => v >= 0 ? Head(0, v) : Head(1, -1 - v);
    private static byte[] Bytes(byte[] b) => [.. Head(2, b.Length), .. b];
    private static byte[] Text(string s) => [.. Head(3, Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)];
    private static byte[] Map(params (byte[] Key, byte[] Value)[] entries) => [.. Head(5, entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

    public void Dispose() => _key.Dispose();
}
