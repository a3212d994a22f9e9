using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// Reads a JSON request body without the framework's model binding, so malformed JSON, wrong shapes and wrongly typed
/// values become a 422 in Primero's envelope (thrown as <see cref="ApiException"/>) instead of a framework 400 or a 500.
/// Typed bodies are the wire contracts of <c>Amparo.Contracts</c>; endpoints declare them with <c>Accepts</c> for the
/// OpenAPI document.
/// </summary>
internal static class RequestBody
{
    private const long MaxBytes = 4 * 1024 * 1024;
    private const int MaxDepth = 32;
    public const string TooLarge = "Request body too large";

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    public static async Task<JsonObject> ReadObjectAsync(HttpContext http, long maxBytes = MaxBytes)
    {
        var bytes = await ReadBytesAsync(http, maxBytes);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            // A repeated key is named: clients that merge objects by hand send them, and "not valid JSON" would puzzle.
            throw ApiException.Unprocessable("Invalid JSON", e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                ? "The request body repeats a key in an object." : "The request body is not valid JSON.");
        }
        var root = node as JsonObject ?? throw ApiException.Unprocessable("Invalid JSON", "The request body must be a JSON object.");
        CheckText(root, "$");
        return root;
    }

    /// <summary>
    /// The body, refused with 413 past <paramref name="maxBytes"/> however it is framed: a Content-Length is checked
    /// up front, a chunked body is counted as it arrives (and the server's own limit lowered to the same figure).
    /// </summary>
    private static async Task<byte[]> ReadBytesAsync(HttpContext http, long maxBytes)
    {
        if (http.Request.ContentLength > maxBytes) throw new ApiException(413, TooLarge);
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit
            && (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > maxBytes))
            limit.MaxRequestBodySize = maxBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw new ApiException(413, TooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limit, or a malformed chunk: the client's error, answered in the envelope.
            throw new ApiException(e.StatusCode, e.StatusCode == 413 ? TooLarge : "Bad Request");
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads every key and string once, so text that is not Unicode (invalid UTF-8, a lone surrogate escaped as
    /// <c>\udfff</c>) or that no database column can hold (NUL) is refused here, naming where it is, rather than failing
    /// later inside a service or the database. The parsed tree is lazy: without this walk such text surfaces as an
    /// exception wherever it is first read.
    /// </summary>
    private static void CheckText(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                List<string> keys;
                try
                {
                    keys = [.. o.Select(kv => kv.Key)];
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
                {
                    throw ApiException.TextRefused(path, "has a key that is not valid Unicode text");
                }
                foreach (var key in keys)
                {
                    var at = $"{path}.{key}";
                    if (!IsStorable(key)) throw ApiException.TextRefused(at, "is a key that is not valid Unicode text");
                    CheckText(o[key], at);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) CheckText(a[i], $"{path}[{i}]");
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                string text;
                try
                {
                    text = v.GetValue<string>();
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
                {
                    throw ApiException.TextRefused(path, "is not valid Unicode text");
                }
                if (!IsStorable(text)) throw ApiException.TextRefused(path, "is not valid Unicode text (a NUL or a lone surrogate)");
                break;
        }
    }

    /// <summary>Well-formed UTF-16 without NUL: what both databases store and give back unchanged.</summary>
    private static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>The top-level object under <paramref name="key"/> (<c>data</c>, or <c>user</c> for auth calls).</summary>
    public static async Task<JsonObject> ReadWrappedAsync(HttpContext http, string key, long maxBytes = MaxBytes) =>
        (await ReadObjectAsync(http, maxBytes))[key] as JsonObject ?? throw ApiException.Missing(key);

    /// <summary>
    /// The object under <paramref name="key"/> as the contract <typeparamref name="T"/>. A value of the wrong JSON type is
    /// a 422 naming where it is (<c>$.remote</c>); unknown keys are ignored, as Primero's clients send more than is read.
    /// </summary>
    public static async Task<T> ReadWrappedAsync<T>(HttpContext http, string key, JsonTypeInfo<T> contract, long maxBytes = MaxBytes) where T : class
    {
        var inner = await ReadWrappedAsync(http, key, maxBytes);
        try
        {
            return inner.Deserialize(contract) ?? throw ApiException.Missing(key);
        }
        catch (JsonException e)
        {
            throw ApiException.Unprocessable("Invalid JSON", $"The value at {key}{e.Path?.TrimStart('$')} has the wrong type.");
        }
    }
}

/// <summary>The OpenAPI side of a typed endpoint: the contract it reads and the error envelope of its refusals.</summary>
internal static class ContractMetadata
{
    /// <summary>Reads <c>{"data": T}</c> (<see cref="Amparo.Contracts.Wire.DataEnvelope{T}"/>); refusals in the error envelope.</summary>
    public static RouteHandlerBuilder AcceptsData<T>(this RouteHandlerBuilder endpoint) where T : class =>
        endpoint.Accepts<Amparo.Contracts.Wire.DataEnvelope<T>>("application/json").ProducesErrors();

    /// <summary>The refusals every API endpoint may answer, in Primero's envelope.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<Amparo.Contracts.Wire.ErrorEnvelope>(StatusCodes.Status403Forbidden)
        .Produces<Amparo.Contracts.Wire.ErrorEnvelope>(StatusCodes.Status404NotFound)
        .Produces<Amparo.Contracts.Wire.ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity);
}
