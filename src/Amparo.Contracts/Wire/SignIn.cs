using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary><c>POST /api/v2/tokens</c>: <c>{"user": {"user_name", "password", "code"?, "recovery_code"?, "webauthn"?}}</c>.</summary>
public sealed record SignInRequest(SignInCredentials User);

/// <summary>
/// What the person typed; a second factor when the first answer asked for one (a TOTP <c>code</c>, a
/// <c>recovery_code</c>, or the browser's signed WebAuthn assertion, passed through as the browser made it).
/// </summary>
public sealed record SignInCredentials(
    string? UserName,
    string? Password,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RecoveryCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Webauthn = null);

/// <summary>A signed-in user (Primero's answer; <c>token</c> only when signing in with an identity provider's bearer token).</summary>
public sealed record SignInResponse(
    int Id,
    string UserName,
    string GroupPermission,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null);

/// <summary>
/// A refused sign-in (401, Devise's <c>{"error"}</c> shape, not the error envelope). When the password was right but a
/// second factor is missing: <c>two_factor_required</c>, the account's <c>two_factor_methods</c>, and for security keys
/// the WebAuthn challenge the browser must sign.
/// </summary>
public sealed record SignInRefusal(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TwoFactorRequired = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? TwoFactorMethods = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? WebauthnOptions = null);
