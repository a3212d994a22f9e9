using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// Publishes form changes. Every change is a new version kept in <c>form_section_versions</c>; the form joins the
/// modules it names; a form group typed for the first time is added to the module's form-group lookup; a field
/// renamed moves its answers in every record under the new name (rows of subforms included); a field removed just
/// stops being shown — its answers stay in the records and return if the field does.
/// </summary>
internal sealed class FormPublisher(AmparoDbContext db, TimeProvider clock)
{
    /// <summary>Rows moved per round trip when a rename migrates answers.</summary>
    private const int RenameBatch = 500;

    /// <summary>The tenant's configuration version: the id of its latest publication (0 before any).</summary>
    public Task<long> CurrentVersionAsync(CancellationToken ct) => CurrentVersionAsync(db, ct);

    /// <inheritdoc cref="CurrentVersionAsync(CancellationToken)"/>
    public static async Task<long> CurrentVersionAsync(AmparoDbContext db, CancellationToken ct) =>
        await db.Set<FormSectionVersion>().MaxAsync(v => (long?)v.Id, ct) ?? 0;

    public async Task<FormSectionEntity> PublishAsync(FormSection form, FormSectionEntity? existing, IReadOnlyDictionary<string, string> renames,
        string? publishedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var previous = existing is null ? null : FormCatalog.Parse(existing.Definition);
        var entity = existing ?? new FormSectionEntity { UniqueId = form.UniqueId, ParentForm = form.ParentForm, Definition = FormJson.WriteForm(form).ToJsonString(), Version = 0 };
        if (existing is null)
        {
            // Fields are numbered within their form's number: a new form is saved (unnumbered, version 0) to get one.
            db.FormSections.Add(entity);
            await db.SaveChangesAsync(ct);
        }
        form = Numbered(form, entity.Id, previous, renames);
        var definition = FormJson.WriteForm(form).ToJsonString();
        entity.Definition = definition;
        entity.UpdatedAt = now;
        entity.Version++;
        db.Add(new FormSectionVersion
        {
            UniqueId = form.UniqueId,
            Version = entity.Version,
            Definition = definition,
            Renames = JsonSerializer.Serialize(renames, AmparoJson.Default.DictionaryStringString),
            PublishedBy = publishedBy,
            PublishedAt = now,
        });
        await JoinModulesAsync(form, ct);
        await EnsureFormGroupAsync(form, ct);
        await db.SaveChangesAsync(ct);
        if (renames.Count > 0) await MigrateAnswersAsync(form, renames, ct);
        return entity;
    }

    /// <summary>Field numbers a form may give out: <c>form number × this + 1 …</c>, so numbers never clash between forms.</summary>
    private const int FieldNumbersPerForm = 1000;

    /// <summary>
    /// Numbers the fields (Primero's field <c>id</c>): a field keeps the number it had in the previous version under its
    /// name (or the name it was renamed from); a new field takes the next free number of its form. Numbers sent by a
    /// client are not trusted: the server gives them out.
    /// </summary>
    private static FormSection Numbered(FormSection form, int formNumber, FormSection? previous, IReadOnlyDictionary<string, string> renames)
    {
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in previous?.Fields ?? [])
            if (field.Id is { } id) before.TryAdd(field.Name, id);
        var renamedFrom = renames.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var used = new HashSet<int>();
        var kept = form.Fields
            .Select(f => before.TryGetValue(renamedFrom.GetValueOrDefault(f.Name, f.Name), out var id) && used.Add(id) ? f with { Id = id } : f with { Id = null })
            .ToList();
        var first = checked(formNumber * FieldNumbersPerForm) + 1;
        var end = first + FieldNumbersPerForm - 1;
        var next = used.Count == 0 ? first : Math.Max(first, used.Max() + 1);
        var numbered = new List<Field>();
        foreach (var field in kept)
        {
            if (field.Id is not null) { numbered.Add(field); continue; }
            // Past the end of the form's range, the lowest number no field holds.
            if (next >= end) next = Enumerable.Range(first, end - first).First(n => !used.Contains(n));
            used.Add(next);
            numbered.Add(field with { Id = next });
            while (used.Contains(next)) next++;
        }
        return form with { Fields = numbered };
    }

    public async Task DeleteAsync(FormSectionEntity entity, string? publishedBy, CancellationToken ct)
    {
        db.FormSections.Remove(entity);
        db.Add(new FormSectionVersion
        {
            UniqueId = entity.UniqueId,
            Version = entity.Version + 1,
            Definition = null,
            PublishedBy = publishedBy,
            PublishedAt = clock.GetUtcNow(),
        });
        foreach (var module in await db.Modules.ToListAsync(ct))
        {
            var ids = FormCatalog.Strings(module.FormSectionUniqueIds).ToList();
            if (ids.Remove(entity.UniqueId)) module.FormSectionUniqueIds = JsonSerializer.Serialize(ids.ToArray(), AmparoJson.Default.StringArray);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task JoinModulesAsync(FormSection form, CancellationToken ct)
    {
        if (form.ModuleIds.Count == 0) return;
        foreach (var module in await db.Modules.Where(m => form.ModuleIds.Contains(m.UniqueId)).ToListAsync(ct))
        {
            var ids = FormCatalog.Strings(module.FormSectionUniqueIds).ToList();
            if (ids.Contains(form.UniqueId)) continue;
            ids.Add(form.UniqueId);
            module.FormSectionUniqueIds = JsonSerializer.Serialize(ids.ToArray(), AmparoJson.Default.StringArray);
        }
    }

    /// <summary>Primero keeps form-group names in <c>lookup-form-group-&lt;module&gt;-&lt;record type&gt;</c>; a new group id joins it.</summary>
    private async Task EnsureFormGroupAsync(FormSection form, CancellationToken ct)
    {
        if (form.IsNested || string.IsNullOrEmpty(form.FormGroupId)) return;
        foreach (var moduleId in form.ModuleIds)
        {
            var uniqueId = $"lookup-form-group-{moduleId.Replace("primeromodule-", "", StringComparison.Ordinal)}-{form.ParentForm}";
            var lookup = await db.Set<Lookup>().FirstOrDefaultAsync(l => l.UniqueId == uniqueId, ct);
            if (lookup is null)
            {
                lookup = new Lookup { UniqueId = uniqueId, Name = new JsonObject { ["en"] = $"Form groups ({moduleId}, {form.ParentForm})" }.ToJsonString(), UpdatedAt = clock.GetUtcNow() };
                db.Add(lookup);
            }
            var values = JsonNode.Parse(lookup.Values) as JsonArray ?? [];
            if (values.OfType<JsonObject>().Any(v => JsonRead.Str(v, "id") == form.FormGroupId)) continue;
            var label = string.Join(' ', form.FormGroupId.Split('_', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } words
                ? char.ToUpperInvariant(words[0]) + words[1..] : form.FormGroupId;
            values.Add(new JsonObject { ["id"] = form.FormGroupId, ["display_text"] = new JsonObject { ["en"] = label } });
            lookup.Values = values.ToJsonString();
            lookup.UpdatedAt = clock.GetUtcNow();
        }
    }

    /// <summary>
    /// Moves answers from old to new names in the records the form applies to. Top-level forms rename keys of the
    /// record; subforms rename keys inside the rows of every field that uses them. Done in batches through EF so it
    /// is the same on SQLite and PostgreSQL.
    /// </summary>
    private async Task MigrateAnswersAsync(FormSection form, IReadOnlyDictionary<string, string> renames, CancellationToken ct)
    {
        var containers = new List<string>();
        if (form.IsNested)
        {
            var all = await db.FormSections.AsNoTracking().Select(f => f.Definition).ToListAsync(ct);
            containers.AddRange(all.Select(FormCatalog.Parse)
                .SelectMany(f => f.Fields.OfType<SubformField>()).Where(s => s.SubformSectionId == form.UniqueId).Select(s => s.Name).Distinct());
            if (containers.Count == 0) return;
        }
        var recordType = form.ParentForm;
        for (var offset = 0; ; offset += RenameBatch)
        {
            var batch = await db.Records.Where(r => r.RecordType == recordType)
                .OrderBy(r => r.Id).Skip(offset).Take(RenameBatch).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var record in batch)
            {
                var document = JsonNode.Parse(record.Data) as JsonObject ?? [];
                var moved = form.IsNested
                    ? containers.Sum(c => (document[c] as JsonArray ?? []).OfType<JsonObject>().Count(row => Rename(row, renames)))
                    : Rename(document, renames) ? 1 : 0;
                if (moved > 0) record.Data = document.ToJsonString();
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (form.IsNested) return;
        // The moved answers bypassed the record path, so the promoted rows of both names are stale: forgetting their state
        // sends reads back to the documents until the backfill has rewritten them (ADR 0026).
        var names = renames.Keys.Concat(renames.Values).ToList();
        db.RemoveRange(await db.Set<Records.PromotedField>().Where(p => p.RecordType == recordType && names.Contains(p.Field)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves each old key to its new name (an answer already under the new name wins); true when anything moved.</summary>
    private static bool Rename(JsonObject data, IReadOnlyDictionary<string, string> renames)
    {
        var moved = false;
        foreach (var (from, to) in renames)
        {
            if (!data.TryGetPropertyValue(from, out var value)) continue;
            data.Remove(from);
            if (!data.ContainsKey(to)) data[to] = value;
            moved = true;
        }
        return moved;
    }
}
