using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// Primero's paging: 1-based <c>page</c>, <c>per</c> default 20 and capped at 1000. Every list pages through here, so the
/// cap holds everywhere (Primero leaves audit logs, locations and roles uncapped; here they default to 100 and are capped
/// too, since one answer of a whole audit log is a way to exhaust the server). A page past the end is empty, however far.
/// </summary>
internal readonly record struct Paging(int Page, int Per)
{
    public const int DefaultPer = 20;
    public const int MaxPer = 1000;

    /// <summary>Rows before the page; computed in 64 bits, so <c>page × per</c> past the int range is an empty page rather than a negative OFFSET.</summary>
    public int Skip => (int)Math.Min(((long)Page - 1) * Per, int.MaxValue);

    public static Paging From(HttpRequest request, int defaultPer = DefaultPer)
    {
        var page = ParsePositive(request.Query["page"]) ?? 1;
        var per = Math.Min(ParsePositive(request.Query["per"]) ?? defaultPer, MaxPer);
        return new Paging(page, per);
    }

    private static int? ParsePositive(string? s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    /// <summary>Lists Primero paginates only when asked: everything, with <c>per</c> and <c>page</c> null.</summary>
    public static JsonObject Unpaged(JsonArray data) => new()
    {
        ["data"] = data,
        ["metadata"] = Metadata(new ListMetadata(data.Count, null, null)),
    };

    /// <summary>The answer to a delete or disable: <c>{"data": {"id": ...}}</c>.</summary>
    public static JsonObject Deleted(int id) => new() { ["data"] = new JsonObject { ["id"] = id } };

    /// <summary>A typed page: <see cref="ListEnvelope{T}"/>.</summary>
    public ListEnvelope<T> Envelope<T>(IReadOnlyList<T> data, long total) => new(data, new ListMetadata(total, Per, Page));

    public JsonObject Envelope(JsonArray data, long total) => new()
    {
        ["data"] = data,
        ["metadata"] = Metadata(new ListMetadata(total, Per, Page)),
    };

    /// <summary>The same envelope, written as <paramref name="data"/> is made: for pages that can be large.</summary>
    public StreamedPage Streamed(IAsyncEnumerable<JsonNode> data, long total, string? totalEstimated = null) =>
        new(data, Metadata(new ListMetadata(total, Per, Page, totalEstimated))!.AsObject());

    /// <summary>Untyped lists carry the same metadata as typed ones: the contract, as a JSON node.</summary>
    private static JsonNode? Metadata(ListMetadata metadata) => JsonSerializer.SerializeToNode(metadata, WireJson.Default.ListMetadata);
}
