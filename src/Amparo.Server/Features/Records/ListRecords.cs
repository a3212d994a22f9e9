using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// <c>GET /api/v2/cases</c>: the records the access rule lets the user see, with Primero's paging, sorting
/// (<c>order_by</c>/<c>order</c> on system fields or any readable answer), <c>query</c> search, the filter grammar
/// of <see cref="RecordFilterParser"/> (ADR 0006) and <c>fields</c> selection. No default filter, as in Primero.
/// Access rule and filters are one SQL predicate, so the total is counted by the database, exactly up to a threshold and
/// estimated above it (<see cref="RecordTotals"/>, ADR 0027).
/// </summary>
internal static class ListRecords
{
    public static async Task<IResult> HandleAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordTotals totals, string recordType)
    {
        var q = http.Request.Query;
        var user = CurrentUser.From(http);
        var paging = Paging.From(http.Request);
        var ct = http.RequestAborted;

        var text = q["query"].ToString().Trim();
        var phonetic = q["phonetic"] == "true";
        var phone = q["phone_number"] == "true";
        // A "record search" (an id, a name by sound, a phone number) reaches past the user's scope when the role may
        // search records owned by others; what lies outside comes back as a summary marked record_in_scope: false.
        var recordSearch = text.Length > 0 && (phonetic || phone || q["id_search"] == "true");
        var beyondScope = recordSearch && user.Can(recordType, "search_owned_by_others");
        var records = db.Records.AsNoTracking().Where(r => r.RecordType == recordType);
        if (!beyondScope) records = db.ReadableRecords(user).AsNoTracking().Where(r => r.RecordType == recordType);

        if (text.Length > 0)
        {
            if (phonetic)
            {
                // Every word searched must sound like a word of the name.
                var keys = Search.SearchKeys.NameKeys(text).Distinct().ToList();
                if (keys.Count == 0) records = records.Where(r => false);
                // IN over the (kind, term) index rather than a correlated EXISTS, as RecordAccess explains.
                foreach (var key in keys)
                    records = records.Where(r => db.Set<Search.RecordSearchTerm>().Where(t => t.Kind == Search.SearchIndex.Name && t.Term == key).Select(t => t.RecordId).Contains(r.Id));
            }
            else if (phone)
            {
                var key = Search.SearchKeys.PhoneKey(text);
                records = key is null ? records.Where(r => false)
                    : records.Where(r => db.Set<Search.RecordSearchTerm>().Where(t => t.Kind == Search.SearchIndex.Phone && t.Term == key).Select(t => t.RecordId).Contains(r.Id));
            }
            else
            {
                var term = text.ToLowerInvariant();
                records = records.Where(r => r.SearchText.Contains(term));
            }
        }
        var filterFields = await RecordFilterFields.LoadAsync(permissions, user, recordType, ct);
        var filters = RecordFilterParser.Parse(q, filterFields.Resolve);
        var filterQuery = new RecordFilterQuery(db, filterFields);
        if (await filterQuery.BuildAsync(filters, ct) is { } predicate) records = records.Where(predicate);

        var total = await totals.CountAsync(records, ct);
        var pageQuery = (await SortAsync(records, q["order_by"], q["order"], filterFields, filterQuery, db, ct)).Skip(paging.Skip).Take(paging.Per);
        // A usual page is loaded whole, in one query. A large one (up to 1,000 records of up to ~100 KB of answers each)
        // is loaded a slice at a time as it is written, so the server never holds it all: its ids first (in order),
        // then the records by id.
        var whole = paging.Per <= Slice ? await pageQuery.ToListAsync(ct) : null;
        var ids = whole?.Select(r => r.Id).ToList() ?? await pageQuery.Select(r => r.Id).ToListAsync(ct);
        total = total.WithPage(paging.Skip, ids.Count, paging.Per);

        // Record searches answer with the summary fields, as Primero's do.
        var fields = recordSearch ? RecordWire.ShortFields : RecordWire.ParseFields(q["fields"]);
        var inScope = beyondScope
            ? (await db.Records.Where(r => ids.Contains(r.Id)).ReadableAmong(db, user).Select(r => r.Id).ToListAsync(ct)).ToHashSet()
            : ids.ToHashSet();
        await permissions.LoadReferralsAsync(user, ids, ct);
        return paging.Streamed(Rows(), total.Count, total.Estimated);

        async IAsyncEnumerable<JsonNode> Rows()
        {
            foreach (var slice in whole is null ? ids.Chunk(Slice) : [])
            {
                // Through the list's own query (scope, search, filters), so a record still appears only if it may.
                var rows = await records.Where(r => slice.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
                foreach (var id in slice)
                    if (rows.TryGetValue(id, out var r)) yield return await ToJsonAsync(r);
            }
            foreach (var r in whole ?? []) yield return await ToJsonAsync(r);
        }

        async Task<JsonNode> ToJsonAsync(RecordEntity r)
        {
            var access = await permissions.ForRecordAsync(user, r, ct) ?? RecordEndpoints.NoFields;
            var json = RecordWire.ToJson(r, access, fields);
            if (!inScope.Contains(r.Id)) json["record_in_scope"] = false;
            return json;
        }
    }

    /// <summary>Records loaded at once while a large page is written: 100 records of even 100 KB each are 10 MB.</summary>
    private const int Slice = 100;

    private static async Task<IQueryable<RecordEntity>> SortAsync(IQueryable<RecordEntity> records, string? orderBy, string? order, RecordFilterFields fields,
        RecordFilterQuery query, AmparoDbContext db, CancellationToken ct)
    {
        // Primero: default created_at desc; an explicit but invalid direction sorts ascending.
        var descending = string.IsNullOrEmpty(order) ? string.IsNullOrEmpty(orderBy) : order.Equals("desc", StringComparison.OrdinalIgnoreCase);
        IOrderedQueryable<RecordEntity> sorted;
        if (orderBy is not null && RecordFilterQuery.TextColumn(orderBy) is { } column)
        {
            sorted = descending ? records.OrderByDescending(column) : records.OrderBy(column);
        }
        else if (orderBy is not null && fields.Data(orderBy) is { Kind: not FilterKind.Multi } answer)
        {
            var modules = answer.Modules.ToList();
            var ownRole = await fields.OwnRoleAsync(db, ct);
            sorted = answer.Kind switch
            {
                FilterKind.Number => ByAnswer(records, Readable(query.SortValue(answer, RecordFilterQuery.JsonNumber(answer.Name), v => v.NumberValue), modules, ownRole), descending),
                FilterKind.Bool => ByAnswer(records, Readable(query.SortValue(answer, RecordFilterQuery.JsonBool(answer.Name), v => v.BoolValue), modules, ownRole), descending),
                _ => ByAnswer(records, Readable(query.SortValue(answer, RecordFilterQuery.JsonText(answer.Name), v => v.TextValue), modules, ownRole), descending),
            };
        }
        else
        {
            sorted = orderBy switch
            {
                "registration_date" => descending ? records.OrderByDescending(r => r.RegistrationDate) : records.OrderBy(r => r.RegistrationDate),
                "last_updated_at" or "updated_at" => descending ? records.OrderByDescending(r => r.UpdatedAt) : records.OrderBy(r => r.UpdatedAt),
                _ => descending ? records.OrderByDescending(r => r.CreatedAt) : records.OrderBy(r => r.CreatedAt),
            };
        }
        // A unique tie-breaker keeps pages stable when many rows share a sort value.
        return descending ? sorted.ThenByDescending(r => r.Id) : sorted.ThenBy(r => r.Id);
    }

    /// <summary>The answer where the user may read it, null elsewhere: the order never tells what they may not see.</summary>
    internal static Expression<Func<RecordEntity, T>> Readable<T>(Expression<Func<RecordEntity, T>> answer, List<string> modules,
        Expression<Func<RecordEntity, bool>> ownRole)
    {
        Expression<Func<RecordEntity, bool>> readable = r => modules.Contains(r.ModuleId);
        var test = Expression.AndAlso(new ParameterSwap(readable.Parameters[0], answer.Parameters[0]).Visit(readable.Body),
            new ParameterSwap(ownRole.Parameters[0], answer.Parameters[0]).Visit(ownRole.Body));
        var body = Expression.Condition(test, answer.Body, Expression.Constant(null, typeof(T)));
        return Expression.Lambda<Func<RecordEntity, T>>(body, answer.Parameters);
    }

    /// <summary>Records without the answer last in both directions, as the two databases would otherwise disagree.</summary>
    private static IOrderedQueryable<RecordEntity> ByAnswer<T>(IQueryable<RecordEntity> records, Expression<Func<RecordEntity, T>> answer, bool descending)
    {
        var missing = Expression.Lambda<Func<RecordEntity, bool>>(Expression.Equal(answer.Body, Expression.Constant(null, typeof(T))), answer.Parameters);
        var sorted = records.OrderBy(missing);
        return descending ? sorted.ThenByDescending(answer) : sorted.ThenBy(answer);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
