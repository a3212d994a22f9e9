using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Records;

/// <summary>
/// One promoted answer of one record (ADR 0026): a scalar at <see cref="Item"/> 0, or one element of an array at 1..n.
/// Exactly one typed column is set, by the JSON type of the stored value — as <see cref="JsonSql"/> reads it — so a
/// string "007" is text only and <c>true</c> a boolean only.
/// </summary>
internal sealed class RecordValue : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid RecordId { get; set; }
    public string RecordType { get; set; } = "";
    public string Field { get; set; } = "";
    public int Item { get; set; }
    public string? TextValue { get; set; }
    public double? NumberValue { get; set; }
    public bool? BoolValue { get; set; }
}

/// <summary>
/// A field whose answers are kept in <c>record_values</c> for one record type, and whether every record already has
/// its rows (<see cref="Ready"/>): filters and sorts read the side table only then. Configuration data: a change of
/// state makes the configuration stamp new, so every server reads the new state with its cached forms.
/// </summary>
internal sealed class PromotedField : IConfigurationData
{
    public const string Backfilling = "backfilling";
    public const string Ready = "ready";

    public Guid TenantId { get; set; }
    public string RecordType { get; set; } = "";
    public string Field { get; set; } = "";
    public string State { get; set; } = Backfilling;
    public long RecordsDone { get; set; }
    public long RecordsTotal { get; set; }
    /// <summary>The last record id backfilled (records are visited in id order), so a restart resumes after it.</summary>
    public Guid? Cursor { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class RecordValueConfiguration : IEntityTypeConfiguration<RecordValue>
{
    public void Configure(EntityTypeBuilder<RecordValue> e)
    {
        e.ToTable("record_values");
        e.HasKey(x => new { x.RecordId, x.Field, x.Item });
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.Field).HasMaxLength(100);
        e.Property(x => x.TextValue).HasMaxLength(PromotedAnswers.MaxText).IsBytewiseText();
        // "field = X and value IN/range", and "order by value", each ending in the record id an IN needs.
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.Field, x.TextValue, x.Item, x.RecordId });
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.Field, x.NumberValue, x.RecordId });
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.Field, x.BoolValue, x.RecordId });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromotedFieldConfiguration : IEntityTypeConfiguration<PromotedField>
{
    public void Configure(EntityTypeBuilder<PromotedField> e)
    {
        e.ToTable("promoted_fields");
        e.HasKey(x => new { x.TenantId, x.RecordType, x.Field });
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.Field).HasMaxLength(100);
        e.Property(x => x.State).HasMaxLength(20);
        e.HasOne<Platform.Tenancy.Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Which answers are promoted and what rows they make. Per record type: the answers in any module's
/// <c>list_filters</c> and <c>list_headers</c>, and every field an administrator marked <c>filterable</c>.
/// The set follows the configuration snapshot (ADR 0025), so it costs no statement per request.
/// </summary>
internal static class PromotedAnswers
{
    /// <summary>
    /// Longer texts get no row: PostgreSQL's b-tree refuses entries above ~2.7 kB, and 500 characters are at most 2 kB.
    /// An exact filter on a longer value goes to the JSON document (<see cref="Answers"/>); see ADR 0026 for ranges and sorts.
    /// </summary>
    public const int MaxText = 500;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConfigurationSnapshot, IReadOnlyDictionary<string, IReadOnlySet<string>>> Sets = new();

    /// <summary>The promoted fields of a record type under the current configuration.</summary>
    public static async Task<IReadOnlySet<string>> OfAsync(FormCatalog forms, string recordType, CancellationToken ct) =>
        Of(await forms.SnapshotAsync(ct), recordType);

    public static IReadOnlySet<string> Of(ConfigurationSnapshot snapshot, string recordType) =>
        Sets.GetValue(snapshot, Compute).GetValueOrDefault(recordType) ?? Empty;

    /// <summary>Fields whose rows are complete for every record: the ones filters and sorts may read from the side table.</summary>
    public static IReadOnlySet<string> ReadyOf(ConfigurationSnapshot snapshot, string recordType)
    {
        var promoted = Of(snapshot, recordType);
        return snapshot.Promoted.Where(p => p.RecordType == recordType && p.State == PromotedField.Ready && promoted.Contains(p.Field))
            .Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Compute(ConfigurationSnapshot snapshot)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var type in RecordType.All)
        {
            var fields = new HashSet<string>(StringComparer.Ordinal);
            foreach (var module in snapshot.Modules.Where(m => FormCatalog.Strings(m.AssociatedRecordTypes).Contains(type.Name)))
            {
                var json = FormEndpoints.ModuleJson(module);
                foreach (var list in new[] { json["list_headers"]?[type.Path], json["list_filters"]?[type.Path] })
                    foreach (var name in (list as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null))
                        if (name is not null) fields.Add(name);
            }
            var forms = snapshot.Forms.Where(f => f.ParentForm == type.Name && !f.IsNested).ToList();
            foreach (var field in forms.SelectMany(f => f.Fields).Where(f => f.Filterable)) fields.Add(field.Name);
            // Only answers: list filters also name system columns and composite filters (cases_by_date), which have no answer.
            var answers = forms.SelectMany(f => f.Fields).Select(f => f.Name).Append("name").ToHashSet(StringComparer.Ordinal);
            fields.RemoveWhere(f => RecordFilterFields.SystemFields.Contains(f) || !JsonSql.IsValidKey(f) || !answers.Contains(f));
            result[type.Name] = fields;
        }
        return result;
    }

    /// <summary>The rows of the given fields of a record's answers.</summary>
    public static IEnumerable<RecordValue> RowsOf(RecordEntity record, JsonObject document, IEnumerable<string> fields) =>
        RowsOf(record.TenantId, record.Id, record.RecordType, document, fields);

    public static IEnumerable<RecordValue> RowsOf(Guid tenantId, Guid recordId, string recordType, JsonObject document, IEnumerable<string> fields)
    {
        var record = (tenantId, recordId, recordType);
        foreach (var field in fields)
        {
            switch (document[field])
            {
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                        if (Row(record, field, i + 1, array[i]) is { } item) yield return item;
                    break;
                case var value:
                    if (Row(record, field, 0, value) is { } row) yield return row;
                    break;
            }
        }
    }

    private static RecordValue? Row((Guid TenantId, Guid Id, string RecordType) record, string field, int item, JsonNode? value)
    {
        if (value is not JsonValue v) return null;
        var row = new RecordValue { TenantId = record.TenantId, RecordId = record.Id, RecordType = record.RecordType, Field = field, Item = item };
        switch (v.GetValueKind())
        {
            case JsonValueKind.String:
                var text = v.TryGetValue<string>(out var s) ? s : JsonNode.Parse(v.ToJsonString())!.GetValue<string>();
                if (text.Length > MaxText) return null;
                row.TextValue = text;
                break;
            case JsonValueKind.Number:
                // As the databases read a JSON number: from its text, whatever .NET type the node was made from.
                row.NumberValue = double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                row.BoolValue = v.GetValueKind() == JsonValueKind.True;
                break;
            default:
                return null;
        }
        return row;
    }

    /// <summary>The promoted fields whose answer differs between two versions of a record's answers.</summary>
    public static List<string> Changed(IReadOnlySet<string> promoted, JsonObject before, JsonObject after) =>
        [.. promoted.Where(f => !JsonNode.DeepEquals(before[f], after[f]))];
}
