using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Amparo.Contracts.Wire;
using Microsoft.JSInterop;

namespace Amparo.Web.Services;

/// <summary>The outcome of an API call: the JSON body on success, or the HTTP status and Primero error details.</summary>
public sealed record ApiResult(HttpStatusCode Status, JsonNode? Body, string? ETag = null)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The body as a wire contract (<c>Amparo.Contracts.Wire</c>); null when there is none or it has another shape.</summary>
    public T? As<T>(JsonTypeInfo<T> contract) where T : class
    {
        try
        {
            return Body?.Deserialize(contract);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The refusals of Primero's error envelope (empty on success or when the body is another shape).</summary>
    public IReadOnlyList<ApiError> Errors => Body?["errors"] is JsonArray ? As(WireJson.Default.ErrorEnvelope)?.Errors ?? [] : [];

    /// <summary>The JSON pointers named by a 422 (<c>errors[].detail</c>), e.g. <c>/age</c>.</summary>
    public IReadOnlyList<string> InvalidPaths => [.. Errors.SelectMany(e => e.DetailPointers)];

    /// <summary>The first refusal, which names the rule applied (<see cref="ApiError.MessageKey"/>).</summary>
    public ApiError? FirstError => Errors is [var first, ..] ? first : null;
}

/// <summary>
/// Talks to <c>/api/v2</c> on the same origin. Adds the CSRF header to writes, and reports a 401 so the
/// app can send the user back to the login page. No other class in the client does HTTP.
/// </summary>
public sealed class ApiClient(HttpClient http, IJSRuntime js)
{
    public event Action? Unauthorized;

    public Task<ApiResult> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, null, ct);

    public Task<ApiResult> PostAsync(string path, JsonObject body, CancellationToken ct = default) => SendAsync(HttpMethod.Post, path, body.ToJsonString(), null, ct);

    public Task<ApiResult> PatchAsync(string path, JsonObject body, string? ifMatch, CancellationToken ct = default) => SendAsync(HttpMethod.Patch, path, body.ToJsonString(), ifMatch, ct);

    /// <summary>Sends a typed request body, written by the shared wire contracts (the same the server binds).</summary>
    public Task<ApiResult> PostTypedAsync<T>(string path, T body, JsonTypeInfo<T> contract, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body, contract), null, ct);

    /// <inheritdoc cref="PostTypedAsync{T}(string, T, JsonTypeInfo{T}, CancellationToken)"/>
    public Task<ApiResult> PatchTypedAsync<T>(string path, T body, JsonTypeInfo<T> contract, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, path, JsonSerializer.Serialize(body, contract), null, ct);

    public Task<ApiResult> DeleteAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, path, null, null, ct);

    /// <summary>
    /// A file the API serves (an attachment), fetched through this client so it travels with the session like every
    /// other call; null when it is refused or missing. Pages show it from memory, never from a bare URL.
    /// </summary>
    public async Task<(byte[] Bytes, string ContentType)?> GetFileAsync(string path, CancellationToken ct = default)
    {
        using var response = await http.GetAsync(path.TrimStart('/'), ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized) Unauthorized?.Invoke();
        if (!response.IsSuccessStatusCode) return null;
        return (await response.Content.ReadAsByteArrayAsync(ct), response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
    }

    /// <summary>
    /// A file the API makes from a request (a remote hand-over's export): the bytes and the server's file name, or the
    /// refusal as an <see cref="ApiResult"/> to describe like any other.
    /// </summary>
    public async Task<(ApiResult Result, byte[]? Bytes, string? FileName)> PostForFileAsync(string path, JsonObject body, CancellationToken ct = default)
    {
        using var request = await RequestAsync(HttpMethod.Post, path, body.ToJsonString(), null, ct);
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            var disposition = response.Content.Headers.ContentDisposition;
            return (new ApiResult(response.StatusCode, null), await response.Content.ReadAsByteArrayAsync(ct), disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'));
        }
        return (await ResultAsync(response, path, ct), null, null);
    }

    private async Task<ApiResult> SendAsync(HttpMethod method, string path, string? body, string? ifMatch, CancellationToken ct)
    {
        using var request = await RequestAsync(method, path, body, ifMatch, ct);
        using var response = await http.SendAsync(request, ct);
        return await ResultAsync(response, path, ct);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, string? body, string? ifMatch, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (method != HttpMethod.Get)
        {
            var token = await js.InvokeAsync<string>("amparo.csrfToken", ct);
            if (string.IsNullOrEmpty(token))
            {
                // No CSRF cookie yet (first visit): any GET to the API hands one out.
                await http.GetAsync("api/v2/primero", ct);
                token = await js.InvokeAsync<string>("amparo.csrfToken", ct);
            }
            request.Headers.TryAddWithoutValidation("X-CSRF-Token", token);
        }
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private async Task<ApiResult> ResultAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try { json = JsonNode.Parse(text); } catch (JsonException) { json = null; }
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized && !path.EndsWith("/tokens", StringComparison.Ordinal))
            Unauthorized?.Invoke();
        return new ApiResult(response.StatusCode, json, response.Headers.ETag?.ToString());
    }
}
