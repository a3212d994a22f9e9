namespace Amparo.Contracts;

/// <summary>The query parameters of a record list itself: never filters, even where a form has a field of that name.</summary>
public static class ListParameters
{
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "fields", "order", "order_by", "page", "per", "total", "id_search", "query", "query_scope", "phonetic", "phone_number", "format",
    };
}
