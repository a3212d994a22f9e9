using System.Text.Json.Nodes;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Search;

/// <summary>A search key of a record: a name's sound key or a phone number's last digits (ADR 0008).</summary>
internal sealed class RecordSearchTerm : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public required string Kind { get; set; }
    public required string Term { get; set; }
}

/// <summary>Keeps a record's search keys in step with its answers, in the same unit of work as the record.</summary>
internal sealed class SearchIndex(AmparoDbContext db)
{
    public const string Name = "name";
    public const string Phone = "phone";

    /// <summary>The answers whose words are kept as sound keys (the phonetic search).</summary>
    public static readonly IReadOnlyList<string> NameFields = ["name_first", "name_middle", "name_last", "name_nickname", "name_other"];

    /// <summary>Whether an answer is kept as a phone number (the phone search): any field named for a phone.</summary>
    public static bool IsPhoneField(string field) =>
        field.Contains("telephone", StringComparison.Ordinal) || field.Contains("phone", StringComparison.Ordinal);

    /// <summary>The keys a record's answers give: every word of its name fields, every phone-like answer.</summary>
    public static IEnumerable<(string Kind, string Term)> TermsOf(JsonObject document)
    {
        foreach (var field in NameFields)
            foreach (var key in SearchKeys.NameKeys(Text(document[field])))
                yield return (Name, key);
        foreach (var (field, value) in document)
            if (IsPhoneField(field) && SearchKeys.PhoneKey(Text(value)) is { } phone)
                yield return (Phone, phone);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Brings an existing record's keys to what its answers now give.</summary>
    public async Task RefreshAsync(RecordEntity record, JsonObject document, CancellationToken ct)
    {
        var wanted = TermsOf(document).ToHashSet();
        var current = await db.Set<RecordSearchTerm>().Where(t => t.RecordId == record.Id).ToListAsync(ct);
        db.RemoveRange(current.Where(t => !wanted.Contains((t.Kind, t.Term))));
        foreach (var (kind, term) in wanted.Where(w => !current.Any(t => t.Kind == w.Kind && t.Term == w.Term)))
            db.Add(new RecordSearchTerm { RecordId = record.Id, Kind = kind, Term = term });
    }
}
