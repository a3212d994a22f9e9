using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// Amparo's own child-protection configuration, present from the first start so cases can be recorded at once:
/// the module (Primero's id <c>primeromodule-cp</c>), its forms (registration, family, protection concerns,
/// assessment, case plan, services, follow-ups, closure, notes, photos and documents) and their lookups, written by
/// us in English, French and Arabic (<c>Defaults/child-protection.json</c>). Field names follow Primero's so data
/// and integrations line up.
/// </summary>
internal static class DefaultConfiguration
{
    public const string CpModule = "primeromodule-cp";
    public const string BasicIdentity = "basic_identity";
    private static readonly string[] RecordTypes = ["case"];

    private static readonly Lazy<JsonObject> Source = new(() =>
    {
        using var stream = typeof(DefaultConfiguration).Assembly.GetManifestResourceStream("Amparo.Server.Defaults.child-protection.json")
            ?? throw new InvalidOperationException("The default configuration resource is missing from the build.");
        return JsonNode.Parse(stream)!.AsObject();
    });

    /// <summary>The default forms (subforms included), as the form engine reads them.</summary>
    public static IReadOnlyList<FormSection> Forms { get; } = [.. ((JsonArray)Source.Value["forms"]!).OfType<JsonObject>().Select(FormJson.ReadForm)];

    /// <summary>The ids of a default lookup's values (for demo data that must fit the forms).</summary>
    public static IReadOnlyList<string> LookupValueIds(string uniqueId) =>
        [.. ((JsonArray)Source.Value["lookups"]!).OfType<JsonObject>().Where(l => JsonRead.Str(l, "unique_id") == uniqueId)
            .SelectMany(l => FormJson.ReadOptionList(l, "values")).Select(o => o.Id)];

    /// <summary>The top-level forms a default role is granted.</summary>
    public static IReadOnlyList<string> TopLevelFormIds { get; } = [.. Forms.Where(f => !f.IsNested).Select(f => f.UniqueId)];

    /// <summary>Adds what is missing to the current tenant (module, lookups, forms); never overwrites an administrator's edits.</summary>
    public static async Task EnsureAsync(AmparoDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        if (!await db.Modules.AnyAsync(m => m.UniqueId == CpModule, ct))
        {
            db.Modules.Add(new ModuleEntity
            {
                UniqueId = CpModule,
                Name = "CP",
                Description = "Child Protection",
                AssociatedRecordTypes = JsonSerializer.Serialize(RecordTypes, AmparoJson.Default.StringArray),
                FormSectionUniqueIds = JsonSerializer.Serialize(Forms.Select(f => f.UniqueId).ToArray(), AmparoJson.Default.StringArray),
            });
        }
        var lookups = await db.Set<Lookup>().Select(l => l.UniqueId).ToListAsync(ct);
        foreach (var lookup in ((JsonArray)Source.Value["lookups"]!).OfType<JsonObject>())
        {
            var uniqueId = JsonRead.Str(lookup, "unique_id")!;
            if (lookups.Contains(uniqueId)) continue;
            db.Add(new Lookup
            {
                UniqueId = uniqueId,
                Name = lookup["name"]!.ToJsonString(),
                Values = FormJson.WriteOptionList(FormJson.ReadOptionList(lookup, "values")).ToJsonString(),
                UpdatedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
        var existing = await db.FormSections.Select(f => f.UniqueId).ToListAsync(ct);
        var publisher = new FormPublisher(db, clock);
        foreach (var form in Forms.Where(f => !existing.Contains(f.UniqueId)))
            await publisher.PublishAsync(form, null, new Dictionary<string, string>(), null, ct);
    }
}
