using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// A list answer written to the response as its items are made: <c>{"data":[...],"metadata":{...}}</c>, byte for byte
/// what <see cref="Paging.Envelope(JsonArray, long)"/> through <c>Results.Json</c> writes (same options, same headers),
/// without holding the page as one document. A page of 1,000 large records is otherwise the records, their parsed
/// answers and the whole answer at once (issue 15 item 2).
/// <para>
/// What can fail must fail before the first byte, while the error envelope (and its status) can still be sent: the
/// caller validates and counts before returning this, and the first item is made before anything is written, so the
/// query behind it has run. A failure after that (the database gone mid-page) can only end the response early, which
/// a client sees as a truncated answer, never as a complete wrong one.
/// </para>
/// </summary>
internal sealed class StreamedPage(IAsyncEnumerable<JsonNode> items, JsonObject metadata) : IResult
{
    /// <summary>Written after the data: a list may add to it (users' <c>total_enabled</c>) before it is returned.</summary>
    public JsonObject Metadata { get; } = metadata;

    /// <summary>Bytes buffered before they are handed to the connection: small enough to bound memory, big enough for few writes.</summary>
    private const int FlushAbove = 32 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await using var item = items.GetAsyncEnumerator(ct);
        var more = await item.MoveNextAsync();

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = http.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            MaxDepth = options.MaxDepth,
        });
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        for (; more; more = await item.MoveNextAsync())
        {
            item.Current.WriteTo(writer, options);
            if (writer.BytesPending > FlushAbove)
            {
                await writer.FlushAsync(ct);
                await body.FlushAsync(ct);
            }
        }
        writer.WriteEndArray();
        writer.WritePropertyName("metadata");
        Metadata.WriteTo(writer, options);
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
        await body.FlushAsync(ct);
    }

    /// <summary>Items already in memory (or made lazily from it), as the async sequence the page writes.</summary>
    public static async IAsyncEnumerable<JsonNode> Of(IEnumerable<JsonNode> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }
}
