using System.Net;
using System.Text.Json.Nodes;
using Microsoft.JSInterop;

namespace Amparo.Web.Services;

public enum LoginOutcome { Success, Invalid, Locked, Throttled, Unreachable }

/// <summary>
/// Who is signed in, as far as the client knows. The server's HttpOnly session cookie is the truth;
/// this only remembers the user name across reloads, and forgets it at logout or at the first 401.
/// </summary>
public sealed class SessionState(ApiClient api, IJSRuntime js)
{
    private const string StorageKey = "amparo.user";

    public string? UserName { get; private set; }

    public bool IsSignedIn => UserName is not null;

    public event Action? Changed;

    public async Task RestoreAsync()
    {
        UserName = await js.InvokeAsync<string?>("amparo.storageGet", StorageKey);
        api.Unauthorized += () => _ = ForgetAsync();
    }

    public async Task<LoginOutcome> LoginAsync(string userName, string password)
    {
        ApiResult result;
        try
        {
            result = await api.PostAsync("api/v2/tokens", new JsonObject
            {
                ["user"] = new JsonObject { ["user_name"] = userName, ["password"] = password },
            });
        }
        catch (HttpRequestException)
        {
            return LoginOutcome.Unreachable;
        }
        if (result.Ok && result.Body?["user_name"] is JsonValue name)
        {
            UserName = name.GetValue<string>();
            await js.InvokeVoidAsync("amparo.storageSet", StorageKey, UserName);
            Changed?.Invoke();
            return LoginOutcome.Success;
        }
        if (result.Status == HttpStatusCode.TooManyRequests) return LoginOutcome.Throttled;
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
        if (result.Ok && result.Body?["user_name"] is JsonValue name)
        {
            UserName = name.GetValue<string>();
            await js.InvokeVoidAsync("amparo.storageSet", StorageKey, UserName);
            Changed?.Invoke();
            return null;
        }
        var detail = result.Body?["errors"]?[0]?["detail"]?.GetValue<string>();
        return [detail ?? "reset_password_token"];
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
        await js.InvokeVoidAsync("amparo.storageSet", StorageKey, "");
        Changed?.Invoke();
    }
}
