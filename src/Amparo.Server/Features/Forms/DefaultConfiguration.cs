using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// Amparo's own configuration, present from the first start so records can be kept at once, written by us in English,
/// French and Arabic: child protection (<c>primeromodule-cp</c>: cases — registration, family, protection concerns,
/// assessment, case plan, services, follow-ups, closure, notes, photos and documents —, tracing requests, families and
/// registry records), gender-based violence (<c>primeromodule-gbv</c>: survivor cases and incidents, no names) and
/// grave violations (<c>primeromodule-mrm</c>: incidents), with their lookups (<c>Defaults/*.json</c>; a file without a
/// <c>module</c> belongs to CP). Field and form names follow Primero's so data, integrations and an imported Primero
/// configuration line up.
/// </summary>
internal static class DefaultConfiguration
{
    public const string CpModule = "primeromodule-cp";
    public const string BasicIdentity = "basic_identity";
    private static readonly string[] Files = ["child-protection", "tracing-requests", "families", "registry-records", "gender-based-violence", "grave-violations"];
    private static readonly string[] CpRecordTypes = ["case", "tracing_request", "family", "registry_record"];

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

    /// <summary>The child-protection forms of every record type (subforms included), as the form engine reads them.</summary>
    public static IReadOnlyList<FormSection> Forms { get; } = [.. Sources.Value.Where(s => s["module"] is null).SelectMany(FormsOf)];

    /// <summary>The child-protection forms of one record type (its subforms included).</summary>
    public static IReadOnlyList<FormSection> FormsFor(string recordType) => [.. Forms.Where(f => f.ParentForm == recordType)];

    /// <summary>The ids of a default lookup's values (for demo data that must fit the forms).</summary>
    public static IReadOnlyList<string> LookupValueIds(string uniqueId) =>
        [.. Sources.Value.SelectMany(s => ((JsonArray)s["lookups"]!).OfType<JsonObject>()).Where(l => JsonRead.Str(l, "unique_id") == uniqueId).Take(1)
            .SelectMany(l => FormJson.ReadOptionList(l, "values")).Select(o => o.Id)];

    /// <summary>The top-level child-protection forms a default role is granted.</summary>
    public static IReadOnlyList<string> TopLevelFormIds { get; } = [.. Forms.Where(f => !f.IsNested).Select(f => f.UniqueId)];

    /// <summary>
    /// Adds what is missing to the current tenant (modules, lookups, forms); never overwrites an administrator's edits.
    /// A default form is added only if the tenant never had a form by that id — one an administrator deleted stays
    /// deleted. A record type reaches an existing module only together with the first of its forms, so a tenant made
    /// from an older configuration gains it on upgrade, but a type an administrator later took off the module stays off;
    /// the default roles are then given the new type (<see cref="DefaultRoles.GrantRecordTypesAsync"/>).
    /// </summary>
    public static async Task EnsureAsync(AmparoDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var modules = await db.Modules.Select(m => m.UniqueId).ToListAsync(ct);
        var lookups = await db.Set<Lookup>().Select(l => l.UniqueId).ToListAsync(ct);
        var added = new List<FormSection>();
        var newTypes = new HashSet<string>(StringComparer.Ordinal);
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
            var known = (await db.FormSections.Select(f => f.UniqueId).ToListAsync(ct))
                .Concat(await db.Set<FormSectionVersion>().Select(v => v.UniqueId).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var publisher = new FormPublisher(db, clock);
            var fresh = forms.Where(f => !known.Contains(f.UniqueId)).ToList();
            foreach (var form in fresh)
                await publisher.PublishAsync(form, null, new Dictionary<string, string>(), null, ct);
            added.AddRange(fresh);

            var entity = await db.Modules.SingleAsync(m => m.UniqueId == moduleId, ct);
            var types = FormCatalog.Strings(entity.AssociatedRecordTypes).ToList();
            IReadOnlyList<string> wanted = module is null ? CpRecordTypes : JsonRead.StrList(module, "associated_record_types") ?? [];
            var arriving = wanted.Where(t => !types.Contains(t) && fresh.Any(f => f.ParentForm == t)).ToList();
            if (arriving.Count == 0) continue;
            entity.AssociatedRecordTypes = JsonSerializer.Serialize(types.Concat(arriving).ToArray(), AmparoJson.Default.StringArray);
            await db.SaveChangesAsync(ct);
            newTypes.UnionWith(arriving);
        }
        if (newTypes.Count > 0)
            await DefaultRoles.GrantRecordTypesAsync(db, newTypes, [.. added.Where(f => !f.IsNested && newTypes.Contains(f.ParentForm)).Select(f => f.UniqueId)], ct);
    }
}
