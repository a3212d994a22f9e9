using System.Net;
using System.Text.Json.Nodes;
using Microsoft.JSInterop;

namespace Amparo.Web.Services;

public enum LoginOutcome { Success, Invalid, Locked, Throttled, Unreachable, TwoFactorRequired }

/// <summary>
/// Who is signed in, as far as the client knows, and what their role lets them do (to hide what they may
/// not do: the server decides regardless). The server's HttpOnly session cookie is the truth; this only
/// remembers the user across reloads, and forgets it at logout or at the first 401.
/// </summary>
public sealed class SessionState(ApiClient api, IJSRuntime js)
{
    private const string StorageKey = "amparo.user";
    private Dictionary<string, HashSet<string>> _permissions = [];
    private Dictionary<string, string> _forms = [];

    public string? UserName { get; private set; }

    public int? UserId { get; private set; }

    /// <summary>The code-of-conduct version the user has accepted, if any.</summary>
    public int? AcceptedCodeOfConductId { get; private set; }

    public bool IsSignedIn => UserName is not null;

    /// <summary>The list columns per record collection (<c>list_headers</c>: <c>{name, field_name}</c>), as the server lays them out for this user.</summary>
    public JsonObject ListHeaders { get; private set; } = [];

    /// <summary>The modules of the user's role, first one first (its forms lay out lists and filters).</summary>
    public IReadOnlyList<string> ModuleIds { get; private set; } = [];

    /// <summary>The role's reach (<c>self</c>, <c>group</c>, <c>agency</c>, <c>all</c>...): beyond <c>self</c> the user sees others' records.</summary>
    public string? GroupPermission { get; private set; }

    public event Action? Changed;

    /// <summary>Whether the role grants the action (or <c>manage</c>) on the resource.</summary>
    public bool Can(string resource, string action) =>
        _permissions.TryGetValue(resource, out var actions) && Amparo.Contracts.Permissions.Grants(actions, action);

    /// <summary>The role's access to a form: <c>rw</c>, <c>r</c>, or null when it may not see it.</summary>
    public string? FormAccess(string formUniqueId) => _forms.GetValueOrDefault(formUniqueId);

    public async Task RestoreAsync()
    {
        api.Unauthorized += () => _ = ForgetAsync();
        var stored = await js.InvokeAsync<string?>("amparo.storageGet", StorageKey);
        if (stored?.Split(':', 2) is [var id, var name] && int.TryParse(id, out var userId))
        {
            (UserId, UserName) = (userId, name);
            await LoadPermissionsAsync();
        }
    }

    private async Task SignedInAsync(JsonNode body)
    {
        UserId = body["id"]?.GetValue<int>();
        UserName = body["user_name"]!.GetValue<string>();
        await js.InvokeVoidAsync("amparo.storageSet", StorageKey, $"{UserId}:{UserName}");
        await LoadPermissionsAsync();
        Changed?.Invoke();
    }

    private async Task LoadPermissionsAsync()
    {
        try
        {
            var me = await api.GetAsync($"api/v2/users/{UserId}?extended=true");
            AcceptedCodeOfConductId = me.Body?["data"]?["code_of_conduct_id"]?.GetValue<int?>();
            ListHeaders = me.Body?["data"]?["list_headers"]?.DeepClone() as JsonObject ?? [];
            ModuleIds = [.. (me.Body?["data"]?["module_unique_ids"] as JsonArray ?? []).OfType<JsonValue>().Select(m => m.TryGetValue<string>(out var id) ? id : null).OfType<string>()];
            GroupPermission = me.Body?["data"]?["role_group_permission"] is JsonValue g && g.TryGetValue<string>(out var reach) ? reach : null;
            _forms = (me.Body?["data"]?["permitted_form"] as JsonObject ?? [])
                .Where(kv => kv.Value is JsonValue v && v.TryGetValue<string>(out _))
                .ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
            // A resource listed twice (Primero's roles can carry separate entries) adds up its actions. The wire names
            // resources in the plural (cases, roles); pages ask by the role's own names (case, role).
            _permissions = (me.Body?["data"]?["permissions"]?["list"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .GroupBy(p => Amparo.Contracts.PermissionResources.FromWire(p["resource"]!.GetValue<string>()))
                .ToDictionary(
                    g => g.Key,
                    g => g.SelectMany(p => (p["actions"] as JsonArray ?? []).Select(a => a!.GetValue<string>())).ToHashSet());
        }
        catch (HttpRequestException)
        {
            // Offline: keep what was known; the server still decides every call.
        }
    }

    /// <summary>After <see cref="LoginOutcome.TwoFactorRequired"/>: the account's second factors ("webauthn", "totp", "recovery_code").</summary>
    public IReadOnlyList<string> TwoFactorMethods { get; private set; } = [];

    /// <summary>After <see cref="LoginOutcome.TwoFactorRequired"/> for an account with security keys: the challenge to sign.</summary>
    public JsonNode? WebAuthnOptions { get; private set; }

    /// <summary>Signs in: the password, plus a TOTP or recovery code, or a security key's signed assertion.</summary>
    public async Task<LoginOutcome> LoginAsync(string userName, string password, string? code = null, JsonObject? assertion = null)
    {
        ApiResult result;
        try
        {
            var user = new JsonObject { ["user_name"] = userName, ["password"] = password };
            if (!string.IsNullOrWhiteSpace(code)) user[code.Contains('-', StringComparison.Ordinal) ? "recovery_code" : "code"] = code.Trim();
            if (assertion is not null) user["webauthn"] = assertion;
            result = await api.PostAsync("api/v2/tokens", new JsonObject { ["user"] = user });
        }
        catch (HttpRequestException)
        {
            return LoginOutcome.Unreachable;
        }
        if (result.Ok && result.Body?["user_name"] is JsonValue)
        {
            await SignedInAsync(result.Body);
            return LoginOutcome.Success;
        }
        if (result.Status == HttpStatusCode.TooManyRequests) return LoginOutcome.Throttled;
        if (result.Body?["two_factor_required"] is JsonValue)
        {
            TwoFactorMethods = [.. (result.Body["two_factor_methods"] as JsonArray ?? []).Select(m => m!.GetValue<string>())];
            WebAuthnOptions = result.Body["webauthn_options"]?.DeepClone();
            return LoginOutcome.TwoFactorRequired;
        }
        var message = result.Body?["error"]?.GetValue<string>() ?? "";
        return message.Contains("locked", StringComparison.OrdinalIgnoreCase) ? LoginOutcome.Locked : LoginOutcome.Invalid;
    }

    /// <summary>Asks for a password-reset link; the answer is the same whether or not the address is known.</summary>
    public async Task<bool> RequestPasswordResetAsync(string email)
    {
        try
        {
            var result = await api.PostAsync("api/v2/users/password-reset-request", new JsonObject { ["user"] = new JsonObject { ["email"] = email } });
            return result.Ok;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Sets a new password with a link's token; the server signs the user in when it succeeds.</summary>
    public async Task<IReadOnlyList<string>?> ResetPasswordAsync(string token, string password, string confirmation)
    {
        var result = await api.PostAsync("api/v2/users/password-reset", new JsonObject
        {
            ["user"] = new JsonObject { ["reset_password_token"] = token, ["password"] = password, ["password_confirmation"] = confirmation },
        });
        if (result.Ok && result.Body?["user_name"] is JsonValue)
        {
            await SignedInAsync(result.Body);
            return null;
        }
        var detail = result.Body?["errors"]?[0]?["detail"]?.GetValue<string>();
        return [detail ?? "reset_password_token"];
    }

    /// <summary>Accepts the code of conduct in force; true when the server recorded it.</summary>
    public async Task<bool> AcceptCodeOfConductAsync(int id)
    {
        var result = await api.PostAsync("api/v2/codes_of_conduct/accept", new JsonObject { ["data"] = new JsonObject { ["code_of_conduct_id"] = id } });
        if (result.Ok) AcceptedCodeOfConductId = id;
        return result.Ok;
    }

    public async Task LogoutAsync()
    {
        try { await api.DeleteAsync("api/v2/tokens"); }
        catch (HttpRequestException) { /* Offline: the server session expires on its own; forget it here regardless. */ }
        await ForgetAsync();
    }

    private async Task ForgetAsync()
    {
        if (UserName is null) return;
        UserName = null;
        UserId = null;
        _permissions = [];
        _forms = [];
        ListHeaders = [];
        ModuleIds = [];
        GroupPermission = null;
        await js.InvokeVoidAsync("amparo.storageSet", StorageKey, "");
        Changed?.Invoke();
    }
}
