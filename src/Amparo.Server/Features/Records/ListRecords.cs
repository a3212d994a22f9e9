using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>GET /api/v2/cases</c>: the records the access rule lets the user see, with Primero's paging,
/// sorting (<c>order_by</c>/<c>order</c>), <c>query</c> search, <c>status</c>/<c>record_state</c> filters
/// and <c>fields</c> selection. No default filter, as in Primero.
/// </summary>
internal static class ListRecords
{
    public static async Task<IResult> HandleAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string recordType)
    {
        var q = http.Request.Query;
        var user = CurrentUser.From(http);
        var paging = Paging.From(http.Request);

        var records = db.Records.AsNoTracking().Where(r => r.RecordType == recordType).Where(RecordAccess.Rule(db, user));

        if (q["query"].ToString().Trim() is { Length: > 0 } text)
        {
            var term = text.ToLowerInvariant();
            records = records.Where(r => r.SearchText.Contains(term));
        }
        if (List(q["status"]) is { Count: > 0 } statuses) records = records.Where(r => statuses.Contains(r.Status));
        if (bool.TryParse(q["record_state"], out var enabled)) records = records.Where(r => r.RecordState == enabled);
        if (List(q["short_id"]) is { Count: > 0 } shortIds) records = records.Where(r => shortIds.Contains(r.ShortId));

        var total = await records.LongCountAsync(http.RequestAborted);
        var page = await Sort(records, q["order_by"], q["order"]).Skip(paging.Skip).Take(paging.Per).ToListAsync(http.RequestAborted);

        var fields = RecordWire.ParseFields(q["fields"]);
        var data = new JsonArray();
        foreach (var r in page)
        {
            var access = await permissions.ForAsync(user, r.ModuleId, recordType, http.RequestAborted) ?? RecordEndpoints.NoFields;
            data.Add((JsonNode)RecordWire.ToJson(r, access, fields));
        }
        return Results.Json(paging.Envelope(data, total));
    }

    /// <summary>Comma lists and Rails-style arrays (<c>status[]=a&amp;status[]=b</c> arrives as repeated values).</summary>
    private static List<string>? List(Microsoft.Extensions.Primitives.StringValues values)
    {
        var items = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return items.Count == 0 ? null : items;
    }

    private static IQueryable<RecordEntity> Sort(IQueryable<RecordEntity> records, string? orderBy, string? order)
    {
        // Primero: default created_at desc; an explicit but invalid direction sorts ascending.
        var descending = string.IsNullOrEmpty(order) ? string.IsNullOrEmpty(orderBy) : order.Equals("desc", StringComparison.OrdinalIgnoreCase);
        IOrderedQueryable<RecordEntity> sorted = orderBy switch
        {
            "registration_date" => descending ? records.OrderByDescending(r => r.RegistrationDate) : records.OrderBy(r => r.RegistrationDate),
            "short_id" => descending ? records.OrderByDescending(r => r.ShortId) : records.OrderBy(r => r.ShortId),
            "case_id_display" => descending ? records.OrderByDescending(r => r.CaseIdDisplay) : records.OrderBy(r => r.CaseIdDisplay),
            "owned_by" => descending ? records.OrderByDescending(r => r.OwnedBy) : records.OrderBy(r => r.OwnedBy),
            "status" => descending ? records.OrderByDescending(r => r.Status) : records.OrderBy(r => r.Status),
            "last_updated_at" or "updated_at" => descending ? records.OrderByDescending(r => r.UpdatedAt) : records.OrderBy(r => r.UpdatedAt),
            _ => descending ? records.OrderByDescending(r => r.CreatedAt) : records.OrderBy(r => r.CreatedAt),
        };
        // A unique tie-breaker keeps pages stable when many rows share a sort value.
        return descending ? sorted.ThenByDescending(r => r.Id) : sorted.ThenBy(r => r.Id);
    }
}
