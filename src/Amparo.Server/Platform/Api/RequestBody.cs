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

    public static async Task<JsonObject> ReadObjectAsync(HttpContext http, long maxBytes = MaxBytes)
    {
        if (http.Request.ContentLength > maxBytes) throw new ApiException(413, "Request body too large");
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            throw ApiException.Unprocessable("Invalid JSON", "The request body is not valid JSON.");
        }
        return node as JsonObject ?? throw ApiException.Unprocessable("Invalid JSON", "The request body must be a JSON object.");
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
