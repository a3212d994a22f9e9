using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>The tenant's modules and forms, read from the database and turned into form-engine objects.</summary>
internal sealed class FormCatalog(AmparoDbContext db, FormDefinitionCache cache)
{
    /// <summary>For tools that read a database outside the server (the bench): a cache of their own.</summary>
    public FormCatalog(AmparoDbContext db) : this(db, new FormDefinitionCache()) { }

    /// <summary>
    /// Every form of the tenant. Only ids and versions are read each time; a definition is fetched and parsed once per
    /// version (issue 7: parsing every form on every request was a large part of a show's or a create's time).
    /// </summary>
    public async Task<IReadOnlyList<FormSection>> AllFormsAsync(CancellationToken ct)
    {
        var stamps = await db.FormSections.AsNoTracking().OrderBy(f => f.Id).Select(f => new { f.Id, f.Version }).ToListAsync(ct);
        var missing = stamps.Where(s => !cache.TryGet(s.Id, s.Version, out _)).Select(s => s.Id).ToList();
        var fetched = new Dictionary<int, FormSection>();
        if (missing.Count > 0)
            foreach (var row in await db.FormSections.AsNoTracking().Where(f => missing.Contains(f.Id)).Select(f => new { f.Id, f.Version, f.Definition }).ToListAsync(ct))
                fetched[row.Id] = cache.Add(row.Id, row.Version, Parse(row.Definition));
        // A form published between the two reads comes back newer than its stamp: the fetched definition is the one to use.
        return [.. stamps.Select(s => fetched.TryGetValue(s.Id, out var form) ? form : cache.TryGet(s.Id, s.Version, out var known) ? known! : null).OfType<FormSection>()];
    }

    /// <summary>A stored definition (<see cref="FormSectionEntity.Definition"/>) as the form engine reads it.</summary>
    public static FormSection Parse(string definition) => FormJson.ReadForm(JsonNode.Parse(definition)!.AsObject());

    public async Task<ModuleEntity?> ModuleAsync(string uniqueId, CancellationToken ct) =>
        await db.Modules.AsNoTracking().FirstOrDefaultAsync(m => m.UniqueId == uniqueId, ct);

    /// <summary>A module's <c>module_options</c> (workflow stages, search settings...), or null.</summary>
    public async Task<JsonObject?> ModuleOptionsAsync(string uniqueId, CancellationToken ct) =>
        await ModuleAsync(uniqueId, ct) is { } module && JsonNode.Parse(module.Extra)?["module_options"] is JsonObject options ? options : null;

    /// <summary>The module a record of this type gets when the client names none: the only module that keeps the type (CP for cases).</summary>
    /// <summary>
    /// The module a record of this type gets when its creator names none: the only one of the creator's role's modules
    /// that keeps the type, else <see cref="DefaultModuleAsync(string, CancellationToken)"/>.
    /// </summary>
    public async Task<string?> DefaultModuleAsync(string recordType, string? roleUniqueId, CancellationToken ct)
    {
        if (roleUniqueId is not null
            && await db.Roles.AsNoTracking().Where(r => r.UniqueId == roleUniqueId).Select(r => r.ModuleUniqueIds).FirstOrDefaultAsync(ct) is { } roleModules)
        {
            var mine = Strings(roleModules);
            var keeping = await db.Modules.AsNoTracking().Where(m => mine.Contains(m.UniqueId)).ToListAsync(ct);
            if (keeping.Where(m => Strings(m.AssociatedRecordTypes).Contains(recordType)).Select(m => m.UniqueId).ToList() is [var only]) return only;
        }
        return await DefaultModuleAsync(recordType, ct);
    }

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

/// <summary>
/// Parsed form definitions shared by every request of this server, keyed by the form row's id and version (the
/// publisher raises the version on every change, and ids are unique across tenants of a database). Form sections are
/// immutable records, so sharing them is safe; only the newest version of a form is kept.
/// </summary>
internal sealed class FormDefinitionCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int Version, FormSection Form)> _forms = new();

    public bool TryGet(int id, int version, out FormSection? form)
    {
        form = _forms.TryGetValue(id, out var entry) && entry.Version == version ? entry.Form : null;
        return form is not null;
    }

    public FormSection Add(int id, int version, FormSection form)
    {
        _forms.AddOrUpdate(id, (version, form), (_, existing) => existing.Version > version ? existing : (version, form));
        return form;
    }
}
