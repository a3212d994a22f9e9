using System.Text.Json.Nodes;
using Microsoft.JSInterop;

namespace Amparo.Web.Services;

/// <summary>The browser's WebAuthn API (<c>navigator.credentials</c>) for security keys, through amparo.js.</summary>
public sealed class WebAuthn(IJSRuntime js)
{
    public async Task<bool> AvailableAsync() => await js.InvokeAsync<bool>("amparo.webauthnAvailable");

    /// <summary>Asks an authenticator to create a credential for the server's options; null when cancelled.</summary>
    public Task<JsonObject?> CreateAsync(JsonNode options) => CallAsync("amparo.webauthnCreate", options);

    /// <summary>Asks an authenticator to sign the server's sign-in challenge; null when cancelled.</summary>
    public Task<JsonObject?> GetAsync(JsonNode options) => CallAsync("amparo.webauthnGet", options);

    private async Task<JsonObject?> CallAsync(string function, JsonNode options)
    {
        var answer = await js.InvokeAsync<string?>(function, options.ToJsonString());
        return answer is null ? null : JsonNode.Parse(answer) as JsonObject;
    }
}
