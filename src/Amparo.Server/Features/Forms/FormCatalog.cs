using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// The tenant's modules and forms, turned into form-engine objects. Both are kept per tenant and configuration stamp
/// (ADR 0025): a request whose stamp is unchanged reads neither; after a change, only changed forms are parsed again.
/// </summary>
internal sealed class FormCatalog(AmparoDbContext db, FormDefinitionCache cache, TenantStamps stamps)
{
    /// <summary>For tools that read a database outside the server (the bench): caches of their own.</summary>
    public FormCatalog(AmparoDbContext db) : this(db, new FormDefinitionCache(), new TenantStamps(db)) { }

    /// <summary>Every form of the tenant.</summary>
    public async Task<IReadOnlyList<FormSection>> AllFormsAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Forms;

    /// <summary>The tenant's configuration version (<see cref="FormPublisher.CurrentVersionAsync(CancellationToken)"/>) that records are saved against.</summary>
    public async Task<long> CurrentVersionAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Version;

    /// <summary>Every module of the tenant, in id order. Shared by requests: never change one.</summary>
    public async Task<IReadOnlyList<ModuleEntity>> ModulesAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Modules;

    /// <summary>The tenant's configuration as of its current stamp.</summary>
    public async Task<ConfigurationSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var (_, stamp) = await stamps.ReadAsync(ct);
        if (cache.Snapshot(db.CurrentTenantId, stamp) is { } known) return known;
        // Read after the stamp: a change committed in between is newer than the stamp, and the next request's new stamp
        // reads it again; never older.
        var versions = await db.FormSections.AsNoTracking().OrderBy(f => f.Id).Select(f => new { f.Id, f.Version }).ToListAsync(ct);
        var missing = versions.Where(s => !cache.TryGet(s.Id, s.Version, out _)).Select(s => s.Id).ToList();
        var fetched = new Dictionary<int, FormSection>();
        if (missing.Count > 0)
            foreach (var row in await db.FormSections.AsNoTracking().Where(f => missing.Contains(f.Id)).Select(f => new { f.Id, f.Version, f.Definition }).ToListAsync(ct))
                fetched[row.Id] = cache.Add(row.Id, row.Version, Parse(row.Definition));
        // A form published between the two reads comes back newer than its version: the fetched definition is the one to use.
        IReadOnlyList<FormSection> forms = [.. versions.Select(s => fetched.TryGetValue(s.Id, out var form) ? form : cache.TryGet(s.Id, s.Version, out var found) ? found! : null).OfType<FormSection>()];
        IReadOnlyList<ModuleEntity> modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
        var version = await FormPublisher.CurrentVersionAsync(db, ct);
        IReadOnlyList<Records.PromotedField> promoted = await db.Set<Records.PromotedField>().AsNoTracking().ToListAsync(ct);
        return cache.Remember(db.CurrentTenantId, stamp, new ConfigurationSnapshot(forms, modules, version, promoted));
    }

    /// <summary>A stored definition (<see cref="FormSectionEntity.Definition"/>) as the form engine reads it.</summary>
    public static FormSection Parse(string definition) => FormJson.ReadForm(JsonNode.Parse(definition)!.AsObject());

    public async Task<ModuleEntity?> ModuleAsync(string uniqueId, CancellationToken ct) =>
        (await ModulesAsync(ct)).FirstOrDefault(m => m.UniqueId == uniqueId);

    /// <summary>A module's <c>module_options</c> (workflow stages, search settings...), or null.</summary>
    public async Task<JsonObject?> ModuleOptionsAsync(string uniqueId, CancellationToken ct) =>
        await ModuleAsync(uniqueId, ct) is { } module && JsonNode.Parse(module.Extra)?["module_options"] is JsonObject options ? options : null;

    /// <summary>
    /// The module a record of this type gets when its creator names none: the only one of the creator's role's modules
    /// that keeps the type, else <see cref="DefaultModuleAsync(string, CancellationToken)"/>.
    /// </summary>
    public async Task<string?> DefaultModuleAsync(string recordType, IReadOnlyList<string> roleModuleIds, CancellationToken ct)
    {
        var keeping = (await ModulesAsync(ct)).Where(m => roleModuleIds.Contains(m.UniqueId)).ToList();
        if (keeping.Where(m => Strings(m.AssociatedRecordTypes).Contains(recordType)).Select(m => m.UniqueId).ToList() is [var only]) return only;
        return await DefaultModuleAsync(recordType, ct);
    }

    /// <summary>The module a record of this type gets when the client names none: the only module that keeps the type (CP for cases).</summary>
    public async Task<string?> DefaultModuleAsync(string recordType, CancellationToken ct)
    {
        var keeping = (await ModulesAsync(ct)).Where(m => Strings(m.AssociatedRecordTypes).Contains(recordType)).Select(m => m.UniqueId).ToList();
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
/// A tenant's forms, modules and configuration version as of one configuration stamp, and the state of its promoted
/// answers (ADR 0026), which is configuration too: the side table is read only for fields whose backfill is done.
/// </summary>
internal sealed record ConfigurationSnapshot(IReadOnlyList<FormSection> Forms, IReadOnlyList<ModuleEntity> Modules, long Version,
    IReadOnlyList<Records.PromotedField> Promoted);

/// <summary>
/// Parsed form definitions shared by every request of this server, keyed by the form row's id and version (the
/// publisher raises the version on every change, and ids are unique across tenants of a database), and each tenant's
/// latest snapshot under its configuration stamp. Form sections are immutable records, so sharing them is safe; only
/// the newest version of a form is kept, and one snapshot per tenant.
/// </summary>
internal sealed class FormDefinitionCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int Version, FormSection Form)> _forms = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (Guid Stamp, ConfigurationSnapshot Snapshot)> _snapshots = new();

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

    public ConfigurationSnapshot? Snapshot(Guid tenant, Guid stamp) =>
        _snapshots.TryGetValue(tenant, out var entry) && entry.Stamp == stamp ? entry.Snapshot : null;

    public ConfigurationSnapshot Remember(Guid tenant, Guid stamp, ConfigurationSnapshot snapshot)
    {
        _snapshots[tenant] = (stamp, snapshot);
        return snapshot;
    }
}
