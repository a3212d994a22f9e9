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
