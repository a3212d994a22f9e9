using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// Reads a JSON request body without model binding, so malformed JSON and wrong shapes become a
/// 422 in Primero's envelope instead of a framework 400 or a 500.
/// </summary>
internal static class RequestBody
{
    private const long MaxBytes = 4 * 1024 * 1024;

    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpContext http, long maxBytes = MaxBytes)
    {
        if (http.Request.ContentLength > maxBytes)
            return (null, ApiErrors.Error(http, 413, "Request body too large"));
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken: http.RequestAborted);
            return node is JsonObject o
                ? (o, null)
                : (null, ApiErrors.Unprocessable(http, "Invalid JSON", "The request body must be a JSON object."));
        }
        catch (JsonException)
        {
            return (null, ApiErrors.Unprocessable(http, "Invalid JSON", "The request body is not valid JSON."));
        }
    }

    /// <summary>The top-level object under <paramref name="key"/> (<c>data</c>, or <c>user</c> for auth calls).</summary>
    public static async Task<(JsonObject? Value, IResult? Error)> ReadWrappedAsync(HttpContext http, string key, long maxBytes = MaxBytes)
    {
        var (body, error) = await ReadObjectAsync(http, maxBytes);
        if (error is not null) return (null, error);
        return body![key] is JsonObject inner
            ? (inner, null)
            : (null, ApiErrors.Unprocessable(http, $"param is missing or the value is empty: {key}"));
    }
}
