using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// Amparo's own configuration, present from the first start so records can be kept at once, written by us in English,
/// French and Arabic: child protection (<c>primeromodule-cp</c>: registration, family, protection concerns,
/// assessment, case plan, services, follow-ups, closure, notes, photos and documents), gender-based violence
/// (<c>primeromodule-gbv</c>: survivor cases and incidents, no names) and grave violations (<c>primeromodule-mrm</c>:
/// incidents), with their lookups (<c>Defaults/*.json</c>). Field names follow Primero's so data and integrations
/// line up.
/// </summary>
internal static class DefaultConfiguration
{
    public const string CpModule = "primeromodule-cp";
    public const string BasicIdentity = "basic_identity";
    private static readonly string[] Files = ["child-protection", "gender-based-violence", "grave-violations"];
    private static readonly string[] CpRecordTypes = ["case"];

    /// <summary>The CP module's options: the workflow stages it uses (Primero's defaults for child protection).</summary>
    private static JsonObject CpOptions() => new()
    {
        ["allow_searchable_ids"] = true,
        ["use_workflow_assessment"] = true,
        ["use_workflow_case_plan"] = true,
        ["use_workflow_service_implemented"] = true,
    };

    private static readonly Lazy<IReadOnlyList<JsonObject>> Sources = new(() => [.. Files.Select(name =>
    {
        using var stream = typeof(DefaultConfiguration).Assembly.GetManifestResourceStream($"Amparo.Server.Defaults.{name}.json")
            ?? throw new InvalidOperationException($"The default configuration {name} is missing from the build.");
        return JsonNode.Parse(stream)!.AsObject();
    })]);

    private static IReadOnlyList<FormSection> FormsOf(JsonObject source) =>
        [.. ((JsonArray)source["forms"]!).OfType<JsonObject>().Select(FormJson.ReadForm)];

    /// <summary>The child-protection forms (subforms included), as the form engine reads them.</summary>
    public static IReadOnlyList<FormSection> Forms { get; } = FormsOf(Sources.Value[0]);

    /// <summary>The ids of a default lookup's values (for demo data that must fit the forms).</summary>
    public static IReadOnlyList<string> LookupValueIds(string uniqueId) =>
        [.. Sources.Value.SelectMany(s => ((JsonArray)s["lookups"]!).OfType<JsonObject>()).Where(l => JsonRead.Str(l, "unique_id") == uniqueId).Take(1)
            .SelectMany(l => FormJson.ReadOptionList(l, "values")).Select(o => o.Id)];

    /// <summary>The top-level child-protection forms a default role is granted.</summary>
    public static IReadOnlyList<string> TopLevelFormIds { get; } = [.. Forms.Where(f => !f.IsNested).Select(f => f.UniqueId)];

    /// <summary>Adds what is missing to the current tenant (modules, lookups, forms); never overwrites an administrator's edits.</summary>
    public static async Task EnsureAsync(AmparoDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var modules = await db.Modules.Select(m => m.UniqueId).ToListAsync(ct);
        var lookups = await db.Set<Lookup>().Select(l => l.UniqueId).ToListAsync(ct);
        foreach (var source in Sources.Value)
        {
            var forms = FormsOf(source);
            var module = source["module"] as JsonObject;
            var moduleId = module is null ? CpModule : JsonRead.Str(module, "unique_id")!;
            if (!modules.Contains(moduleId))
            {
                var extra = new JsonObject { ["module_options"] = module?["module_options"]?.DeepClone() ?? CpOptions() };
                db.Modules.Add(new ModuleEntity
                {
                    UniqueId = moduleId,
                    Name = module is null ? "CP" : JsonRead.Str(module, "name") ?? moduleId,
                    Description = module is null ? "Child Protection" : JsonRead.Str(module, "description"),
                    AssociatedRecordTypes = JsonSerializer.Serialize(
                        module is null ? CpRecordTypes : (JsonRead.StrList(module, "associated_record_types") ?? []).ToArray(), AmparoJson.Default.StringArray),
                    FormSectionUniqueIds = JsonSerializer.Serialize(forms.Select(f => f.UniqueId).ToArray(), AmparoJson.Default.StringArray),
                    Extra = extra.ToJsonString(),
                });
                modules.Add(moduleId);
            }
            foreach (var lookup in ((JsonArray)source["lookups"]!).OfType<JsonObject>())
            {
                var uniqueId = JsonRead.Str(lookup, "unique_id")!;
                if (lookups.Contains(uniqueId)) continue;
                lookups.Add(uniqueId);
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
            foreach (var form in forms.Where(f => !existing.Contains(f.UniqueId)))
                await publisher.PublishAsync(form, null, new Dictionary<string, string>(), null, ct);
        }
    }
}
