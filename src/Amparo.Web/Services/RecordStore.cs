using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Web.Services;

/// <summary>
/// A page of a list; <c>Ok</c> is false when the server refused or failed (not the same as "no records").
/// <c>TotalEstimated</c> is the server's <c>metadata.total_estimated</c> (<see cref="Amparo.Contracts.Wire.TotalEstimates"/>),
/// null when <c>Total</c> is exact.
/// </summary>
public sealed record RecordPage(IReadOnlyList<JsonObject> Records, long Total, bool Ok = true, string? TotalEstimated = null);

public enum SaveStatus { Saved, Invalid, NotFound, Conflict, Forbidden, Failed }

/// <summary>The result of a create or update: the record's id, and the invalid field paths on a 422.</summary>
public sealed record SaveResult(SaveStatus Status, string? Id = null, IReadOnlyList<string>? InvalidPaths = null, string? Version = null);

/// <summary>
/// Where pages read and write records. Today it goes straight to the server; the offline work puts an
/// encrypted IndexedDB copy and an outbox behind this same interface, so pages do not change.
/// </summary>
public interface IRecordStore
{
    /// <summary>A page of the list, with only <paramref name="fields"/> of each record (the summary set when null).</summary>
    Task<RecordPage> ListAsync(string recordType, RecordListQuery query, IReadOnlyCollection<string>? fields = null, CancellationToken ct = default);
    Task<(JsonObject? Record, string? Version)> GetAsync(string recordType, string id, CancellationToken ct = default);
    Task<SaveResult> CreateAsync(string recordType, JsonObject data, CancellationToken ct = default);
    Task<SaveResult> UpdateAsync(string recordType, string id, JsonObject changes, string? version, CancellationToken ct = default);
}

public sealed class OnlineRecordStore(ApiClient api) : IRecordStore
{

    public static string Collection(string recordType) => recordType switch
    {
        "case" => "cases",
        "incident" => "incidents",
        "tracing_request" => "tracing_requests",
        "family" => "families",
        "registry_record" => "registry_records",
        _ => throw new ArgumentOutOfRangeException(nameof(recordType), recordType, "Unknown record type."),
    };

    public async Task<RecordPage> ListAsync(string recordType, RecordListQuery query, IReadOnlyCollection<string>? fields = null, CancellationToken ct = default)
    {
        var selection = fields is { Count: > 0 } ? string.Join(",", fields.Select(Uri.EscapeDataString)) : "short";
        var url = $"api/v2/{Collection(recordType)}?{query.ToQueryString()}&fields={selection}";
        var result = await api.GetAsync(url, ct);
        if (!result.Ok) return new RecordPage([], 0, Ok: false);
        var records = (result.Body?["data"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var total = result.Body?["metadata"]?["total"]?.GetValue<long>() ?? records.Count;
        var estimated = result.Body?["metadata"]?["total_estimated"]?.GetValue<string>();
        return new RecordPage(records, total, TotalEstimated: estimated);
    }

    public async Task<(JsonObject? Record, string? Version)> GetAsync(string recordType, string id, CancellationToken ct = default)
    {
        var result = await api.GetAsync($"api/v2/{Collection(recordType)}/{Uri.EscapeDataString(id)}", ct);
        return result.Ok ? (result.Body?["data"] as JsonObject, result.ETag) : (null, null);
    }

    public async Task<SaveResult> CreateAsync(string recordType, JsonObject data, CancellationToken ct = default)
    {
        var result = await api.PostAsync($"api/v2/{Collection(recordType)}", new JsonObject { ["data"] = data }, ct);
        return ToSaveResult(result);
    }

    public async Task<SaveResult> UpdateAsync(string recordType, string id, JsonObject changes, string? version, CancellationToken ct = default)
    {
        var result = await api.PatchAsync($"api/v2/{Collection(recordType)}/{Uri.EscapeDataString(id)}", new JsonObject { ["data"] = changes }, version, ct);
        return ToSaveResult(result);
    }

    private static SaveResult ToSaveResult(ApiResult result) => result.Status switch
    {
        _ when result.Ok => new SaveResult(SaveStatus.Saved, result.Body?["data"]?["id"]?.GetValue<string>(), Version: result.ETag),
        HttpStatusCode.UnprocessableEntity => new SaveResult(SaveStatus.Invalid, InvalidPaths: result.InvalidPaths),
        HttpStatusCode.NotFound => new SaveResult(SaveStatus.NotFound),
        HttpStatusCode.Forbidden => new SaveResult(SaveStatus.Forbidden),
        HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => new SaveResult(SaveStatus.Conflict),
        _ => new SaveResult(SaveStatus.Failed),
    };
}
