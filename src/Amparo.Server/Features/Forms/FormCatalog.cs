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
        return [.. rows.Select(r => FormJson.ReadForm(JsonNode.Parse(r)!.AsObject()))];
    }

    public async Task<ModuleEntity?> ModuleAsync(string uniqueId, CancellationToken ct) =>
        await db.Modules.AsNoTracking().FirstOrDefaultAsync(m => m.UniqueId == uniqueId, ct);

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
