using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>The tenant's modules and forms, read from the database and turned into form-engine objects.</summary>
internal sealed class FormCatalog(AmparoDbContext db)
{
    public async Task<IReadOnlyList<FormSection>> AllFormsAsync(CancellationToken ct)
    {
        var rows = await db.FormSections.AsNoTracking().OrderBy(f => f.Id).Select(f => f.Definition).ToListAsync(ct);
        return [.. rows.Select(Parse)];
    }

    /// <summary>A stored definition (<see cref="FormSectionEntity.Definition"/>) as the form engine reads it.</summary>
    public static FormSection Parse(string definition) => FormJson.ReadForm(JsonNode.Parse(definition)!.AsObject());

    public async Task<ModuleEntity?> ModuleAsync(string uniqueId, CancellationToken ct) =>
        await db.Modules.AsNoTracking().FirstOrDefaultAsync(m => m.UniqueId == uniqueId, ct);

    /// <summary>A module's <c>module_options</c> (workflow stages, search settings...), or null.</summary>
    public async Task<JsonObject?> ModuleOptionsAsync(string uniqueId, CancellationToken ct) =>
        await ModuleAsync(uniqueId, ct) is { } module && JsonNode.Parse(module.Extra)?["module_options"] is JsonObject options ? options : null;

    /// <summary>The module a record of this type gets when the client names none: the only module that keeps the type (CP for cases).</summary>
    public async Task<string?> DefaultModuleAsync(string recordType, CancellationToken ct)
    {
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
        var keeping = modules.Where(m => Strings(m.AssociatedRecordTypes).Contains(recordType)).Select(m => m.UniqueId).ToList();
        return keeping.Contains(DefaultConfiguration.CpModule) && recordType == "case" ? DefaultConfiguration.CpModule
            : keeping.Count == 1 ? keeping[0] : null;
    }

    /// <summary>The forms of a module for one record type (subforms included), or null for an unknown module or type.</summary>
    public async Task<IReadOnlyList<FormSection>?> ModuleFormsAsync(string moduleId, string recordType, CancellationToken ct)
    {
        var module = await ModuleAsync(moduleId, ct);
        if (module is null || !Strings(module.AssociatedRecordTypes).Contains(recordType)) return null;
        var formIds = Strings(module.FormSectionUniqueIds).ToHashSet(StringComparer.Ordinal);
        return [.. (await AllFormsAsync(ct))
            .Where(f => formIds.Contains(f.UniqueId) || f.ModuleIds.Contains(moduleId))
            .Where(f => f.ParentForm == recordType || f.IsNested)];
    }

    public static string[] Strings(string json) => JsonSerializer.Deserialize(json, AmparoJson.Default.StringArray) ?? [];
}
