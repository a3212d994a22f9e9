using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;

namespace Amparo.Server.Platform.Api;

/// <summary>Primero's paging: 1-based <c>page</c>, <c>per</c> default 20 and capped at 1000.</summary>
internal readonly record struct Paging(int Page, int Per)
{
    public const int DefaultPer = 20;
    public const int MaxPer = 1000;

    public int Skip => (Page - 1) * Per;

    public static Paging From(HttpRequest request)
    {
        var page = ParsePositive(request.Query["page"]) ?? 1;
        var per = Math.Min(ParsePositive(request.Query["per"]) ?? DefaultPer, MaxPer);
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

    /// <summary>Untyped lists carry the same metadata as typed ones: the contract, as a JSON node.</summary>
    private static JsonNode? Metadata(ListMetadata metadata) => JsonSerializer.SerializeToNode(metadata, WireJson.Default.ListMetadata);
}
