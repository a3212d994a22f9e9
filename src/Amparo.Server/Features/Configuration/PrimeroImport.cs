using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Locations;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Features.Reports;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Configuration;

/// <summary>
/// Loads a Primero configuration — the JSON files of a folder shaped like Primero's seeds (<c>forms.json</c>,
/// <c>lookups.json</c>, <c>roles.json</c>, <c>modules.json</c>, <c>agencies.json</c>, <c>user_groups.json</c>,
/// <c>system_settings.json</c>, <c>reports.json</c>, <c>locations.json</c>, <c>contact_information.json</c>) — into the
/// current tenant, in one transaction: everything or, on any error, nothing. Existing items with the same unique id
/// are replaced; forms are published as new versions. What Primero itself tolerates (a field naming a lookup that
/// does not exist, an action Amparo does not know) is imported and reported as a warning.
/// </summary>
internal sealed class PrimeroImport(AmparoDbContext db, FormPublisher publisher, TimeProvider clock)
{
    public static readonly string[] Files =
        ["lookups", "locations", "agencies", "user_groups", "modules", "forms", "roles", "system_settings", "reports", "contact_information"];

    internal sealed class Report
    {
        public Dictionary<string, int> Imported { get; } = new(StringComparer.Ordinal);
        public List<string> Errors { get; } = [];
        public List<string> Warnings { get; } = [];

        public JsonObject ToJson() => new()
        {
            ["status"] = Errors.Count == 0 ? "success" : "failure",
            ["imported"] = new JsonObject([.. Imported.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["warnings"] = new JsonArray([.. Warnings.Select(w => (JsonNode?)w)]),
            ["errors"] = new JsonArray([.. Errors.Select(e => (JsonNode?)e)]),
        };
    }

    /// <summary>Reads the known files of a folder (missing ones are skipped); unreadable JSON is an error.</summary>
    public static (Dictionary<string, JsonNode> Parts, List<string> Errors) ReadFolder(string folder)
    {
        var parts = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var errors = new List<string>();
        if (!Directory.Exists(folder)) return (parts, [$"Folder not found: {folder}"]);
        foreach (var name in Files)
        {
            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path)) continue;
            try { parts[name] = JsonNode.Parse(File.ReadAllText(path)) ?? new JsonObject(); }
            catch (JsonException e) { errors.Add($"{name}.json: not valid JSON ({e.Message})"); }
        }
        if (parts.Count == 0 && errors.Count == 0) errors.Add($"No configuration files in {folder}");
        return (parts, errors);
    }

    public async Task<Report> ImportAsync(IReadOnlyDictionary<string, JsonNode> parts, string? importedBy, CancellationToken ct)
    {
        var report = new Report();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (Part(parts, "lookups") is { } lookups) await LookupsAsync(lookups, report, ct);
            if (Part(parts, "locations") is { } locations) await LocationsAsync(locations, report, ct);
            if (Part(parts, "agencies") is { } agencies) await AgenciesAsync(agencies, report, ct);
            if (Part(parts, "user_groups") is { } groups) await UserGroupsAsync(groups, report, ct);
            if (parts.GetValueOrDefault("modules") is JsonObject modules && modules["primero_modules"] is JsonArray moduleList) await ModulesAsync(moduleList, report, ct);
            else if (Part(parts, "modules") is { } bareModules) await ModulesAsync(bareModules, report, ct);
            if (Part(parts, "forms") is { } forms) await FormsAsync(forms, importedBy, report, ct);
            if (Part(parts, "roles") is { } roles) await RolesAsync(roles, report, ct);
            if (parts.GetValueOrDefault("system_settings") is JsonObject settings) await SettingsAsync(settings, report, ct);
            if (Part(parts, "reports") is { } reports) await ReportsAsync(reports, report, ct);
            if (Part(parts, "contact_information") is { } contact) await ContactAsync(contact, report, ct);
        }
        catch (FormatException e)
        {
            report.Errors.Add(e.Message);
        }
        if (report.Errors.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return report;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return report;
    }

    private static JsonArray? Part(IReadOnlyDictionary<string, JsonNode> parts, string name) => parts.GetValueOrDefault(name) switch
    {
        JsonArray a => a,
        JsonObject o => [o.DeepClone()],
        _ => null,
    };

    private static void Count(Report report, string kind) => report.Imported[kind] = report.Imported.GetValueOrDefault(kind) + 1;

    private static string Texts(JsonObject o, string key) => LocalizedText.Read(o, key).ToJson().ToJsonString();

    /// <summary>Primero's <c>name_all</c> (reports) sets one text for every locale.</summary>
    private static string TextsOrAll(JsonObject o, string key) =>
        JsonRead.Str(o, key + "_all") is { } all
            ? new JsonObject([.. I18nText.Locales.Select(l => KeyValuePair.Create(l, (JsonNode?)all))]).ToJsonString()
            : Texts(o, key);

    private static string Required(JsonObject o, string key, string what) =>
        JsonRead.Str(o, key) is { Length: > 0 } value ? value : throw new FormatException($"{what}: an entry has no {key}.");

    private async Task LookupsAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Set<Lookup>().ToDictionaryAsync(l => l.UniqueId, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var uniqueId = Required(item, "unique_id", "lookups.json");
            if (!existing.TryGetValue(uniqueId, out var lookup)) db.Add(existing[uniqueId] = lookup = new Lookup { UniqueId = uniqueId });
            lookup.Name = Texts(item, "name");
            // Seeds write lookup_values_en (or a bare lookup_values, which Primero applies to English).
            var values = item["values"] is not null ? FormJson.ReadOptionList(item, "values") : FormJson.ReadOptionList(item, "lookup_values");
            lookup.Values = FormJson.WriteOptionList(values).ToJsonString();
            lookup.Locked = JsonRead.Bool(item, "locked") ?? false;
            lookup.UpdatedAt = clock.GetUtcNow();
            Count(report, "lookups");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task LocationsAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Set<Location>().ToDictionaryAsync(l => l.Code, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var code = JsonRead.Str(item, "location_code") ?? Required(item, "code", "locations.json");
            if (!LocationCodes.Pattern().IsMatch(code)) throw new FormatException($"locations.json: '{code}' is not a valid location code.");
            var path = JsonRead.Str(item, "hierarchy_path") ?? code;
            if (!existing.TryGetValue(code, out var location)) db.Add(existing[code] = location = new Location { Code = code, HierarchyPath = path });
            location.HierarchyPath = path;
            location.Placename = Texts(item, "placename");
            location.Type = JsonRead.Str(item, "type");
            location.AdminLevel = JsonRead.Number(item, "admin_level") ?? path.Count(c => c == '.');
            location.Disabled = JsonRead.Bool(item, "disabled") ?? false;
            Count(report, "locations");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task AgenciesAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Agencies.ToDictionaryAsync(a => a.UniqueId, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var uniqueId = Required(item, "unique_id", "agencies.json");
            if (!existing.TryGetValue(uniqueId, out var agency)) db.Add(existing[uniqueId] = agency = new Agency { UniqueId = uniqueId, AgencyCode = uniqueId });
            agency.AgencyCode = JsonRead.Str(item, "agency_code") ?? agency.AgencyCode;
            agency.Name = Texts(item, "name");
            agency.Description = Texts(item, "description");
            agency.Disabled = JsonRead.Bool(item, "disabled") ?? false;
            Count(report, "agencies");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task UserGroupsAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.UserGroups.ToDictionaryAsync(g => g.UniqueId, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var uniqueId = Required(item, "unique_id", "user_groups.json");
            if (!existing.TryGetValue(uniqueId, out var group)) db.Add(existing[uniqueId] = group = new UserGroup { UniqueId = uniqueId, Name = uniqueId });
            group.Name = JsonRead.Str(item, "name") ?? LocalizedText.Read(item, "name").Get("en");
            group.Description = JsonRead.Str(item, "description");
            group.Disabled = JsonRead.Bool(item, "disabled") ?? false;
            Count(report, "user_groups");
        }
        await db.SaveChangesAsync(ct);
    }

    private static readonly HashSet<string> ModuleColumns = ["id", "unique_id", "name", "description", "associated_record_types", "form_section_unique_ids"];

    private async Task ModulesAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Modules.ToDictionaryAsync(m => m.UniqueId, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var uniqueId = Required(item, "unique_id", "modules.json");
            if (!existing.TryGetValue(uniqueId, out var module))
                db.Add(existing[uniqueId] = module = new ModuleEntity { UniqueId = uniqueId, Name = uniqueId, AssociatedRecordTypes = "[]", FormSectionUniqueIds = "[]" });
            module.Name = JsonRead.Str(item, "name") ?? LocalizedText.Read(item, "name").Get("en");
            module.Description = JsonRead.Str(item, "description") ?? LocalizedText.Read(item, "description").Get("en");
            module.AssociatedRecordTypes = JsonSerializer.Serialize((JsonRead.StrList(item, "associated_record_types") ?? []).ToArray(), AmparoJson.Default.StringArray);
            module.FormSectionUniqueIds = JsonSerializer.Serialize((JsonRead.StrList(item, "form_section_unique_ids") ?? []).ToArray(), AmparoJson.Default.StringArray);
            var extra = new JsonObject();
            foreach (var (key, value) in item)
                if (!ModuleColumns.Contains(key)) extra[key] = value?.DeepClone();
            module.Extra = extra.ToJsonString();
            Count(report, "modules");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task FormsAsync(JsonArray items, string? importedBy, Report report, CancellationToken ct)
    {
        var forms = new List<FormSection>();
        foreach (var item in items.OfType<JsonObject>())
        {
            try { forms.Add(FormJson.ReadForm(item)); }
            catch (FormatException e) { report.Errors.Add($"forms.json: {JsonRead.Str(item, "unique_id") ?? "a form"}: {e.Message}"); }
        }
        if (report.Errors.Count > 0) return;
        var ids = forms.Select(f => f.UniqueId).ToHashSet(StringComparer.Ordinal);
        var lookups = await db.Set<Lookup>().Select(l => l.UniqueId).ToListAsync(ct);
        foreach (var form in forms)
        {
            if (!FormDefinitionCheck.NamePattern().IsMatch(form.UniqueId)) report.Errors.Add($"forms.json: '{form.UniqueId}' is not a valid form id");
            foreach (var field in form.Fields)
            {
                if (!FormDefinitionCheck.NamePattern().IsMatch(field.Name)) report.Errors.Add($"forms.json: {form.UniqueId}.{field.Name}: not a valid field name");
                if (field is SubformField sub && !ids.Contains(sub.SubformSectionId) && !await db.FormSections.AnyAsync(f => f.UniqueId == sub.SubformSectionId, ct))
                    report.Errors.Add($"forms.json: {form.UniqueId}.{field.Name}: subform '{sub.SubformSectionId}' does not exist");
                if (field is ChoiceField { Options: OptionSource.Named { Source: var source } } && source.StartsWith("lookup ", StringComparison.Ordinal) && !lookups.Contains(source[7..].Trim()))
                    report.Warnings.Add($"forms.json: {form.UniqueId}.{field.Name}: lookup '{source[7..].Trim()}' does not exist (its answers are not checked)");
            }
        }
        if (report.Errors.Count > 0) return;
        var existing = await db.FormSections.ToDictionaryAsync(f => f.UniqueId, ct);
        foreach (var form in forms)
        {
            var current = existing.GetValueOrDefault(form.UniqueId);
            if (current is not null && current.Definition == FormJson.WriteForm(form).ToJsonString()) { Count(report, "forms"); continue; }
            await publisher.PublishAsync(form, current, new Dictionary<string, string>(), importedBy, ct);
            Count(report, "forms");
            report.Imported["fields"] = report.Imported.GetValueOrDefault("fields") + form.Fields.Count;
        }
    }

    /// <summary>Record types a role's permissions name, as form <c>parent_form</c> values.</summary>
    private static readonly Dictionary<string, string> RecordResources = new(StringComparer.Ordinal)
    {
        ["case"] = "case", ["incident"] = "incident", ["tracing_request"] = "tracing_request", ["family"] = "family", ["registry_record"] = "registry_record",
    };

    private async Task RolesAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Roles.ToDictionaryAsync(r => r.UniqueId, ct);
        var forms = (await db.FormSections.AsNoTracking().Select(f => f.Definition).ToListAsync(ct))
            .Select(FormCatalog.Parse).ToList();
        foreach (var item in items.OfType<JsonObject>())
        {
            var uniqueId = Required(item, "unique_id", "roles.json");
            if (!existing.TryGetValue(uniqueId, out var role)) db.Add(existing[uniqueId] = role = new Role { UniqueId = uniqueId, Name = uniqueId });
            else if (RolePermissions.Parse(role.Permissions).IsSuperuser)
            {
                // Replacing it could take the installation's own administrators' powers away (Primero's superuser role
                // lacks some of Amparo's manage permissions): keep it as it is.
                report.Warnings.Add($"roles.json: {uniqueId} is this installation's superuser role; it was kept unchanged");
                Count(report, "roles");
                continue;
            }
            role.Name = JsonRead.Str(item, "name") ?? LocalizedText.Read(item, "name").Get("en");
            role.Description = JsonRead.Str(item, "description");
            role.GroupPermission = JsonRead.Str(item, "group_permission") is { } scope && PermissionCatalog.ScopeLevels.Contains(scope) ? scope : "self";
            role.IsManager = JsonRead.Bool(item, "is_manager") ?? false;
            role.Referral = JsonRead.Bool(item, "referral") ?? false;
            role.Transfer = JsonRead.Bool(item, "transfer") ?? false;
            var modules = JsonRead.StrList(item, "module_unique_ids") ?? [];
            role.ModuleUniqueIds = new JsonArray([.. modules.Select(m => (JsonNode?)m)]).ToJsonString();

            // Primero lists permissions as [{resource, actions, role_unique_ids?, agency_unique_ids?}].
            var permissions = new JsonObject();
            var objects = new JsonObject();
            foreach (var entry in (item["permissions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var resource = Required(entry, "resource", "roles.json permissions");
                permissions[resource] = new JsonArray([.. (JsonRead.StrList(entry, "actions") ?? []).Select(a => (JsonNode?)a)]);
                if (JsonRead.StrList(entry, "role_unique_ids") is { } roles) objects["role"] = new JsonArray([.. roles.Select(r => (JsonNode?)r)]);
                if (JsonRead.StrList(entry, "agency_unique_ids") is { } agencies) objects["agency"] = new JsonArray([.. agencies.Select(a => (JsonNode?)a)]);
            }
            if (objects.Count > 0) permissions["objects"] = objects;
            var (normalised, problems) = RolePermissions.Validate(permissions);
            foreach (var problem in problems) report.Warnings.Add($"roles.json: {uniqueId}: '{problem}' is not a permission Amparo knows (left out)");
            role.Permissions = normalised.ToJsonString();

            // Roles that list forms get those, read-write; the others get every form of their record types and
            // modules, subforms included — what Primero's associate_all_forms gives them at seed time.
            var listed = JsonRead.StrList(item, "form_section_unique_ids");
            var types = normalised.Select(kv => kv.Key).Where(RecordResources.ContainsKey).Select(k => RecordResources[k]).ToHashSet(StringComparer.Ordinal);
            var granted = listed ?? [.. forms
                .Where(f => types.Contains(f.ParentForm) && (f.ModuleIds.Count == 0 || f.ModuleIds.Any(modules.Contains)))
                .Select(f => f.UniqueId)];
            role.FormSectionReadWrite = new JsonObject([.. granted.Distinct().Select(id => KeyValuePair.Create(id, (JsonNode?)"rw"))]).ToJsonString();
            Count(report, "roles");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SettingsAsync(JsonObject item, Report report, CancellationToken ct)
    {
        var stored = await db.Set<StoredSystemSettings>().FirstOrDefaultAsync(ct);
        if (stored is null) db.Add(stored = new StoredSystemSettings());
        var settings = new JsonObject();
        foreach (var (key, value) in item)
        {
            // approvals_labels_en → approvals_labels {en: ...}; other keys as given.
            var dot = key.LastIndexOf('_');
            if (dot > 0 && LocalizedText.IsLocale(key[(dot + 1)..]))
            {
                var baseKey = key[..dot];
                if (settings[baseKey] is not JsonObject byLocale) settings[baseKey] = byLocale = [];
                byLocale[key[(dot + 1)..]] = value?.DeepClone();
                continue;
            }
            settings[key] = value?.DeepClone();
        }
        stored.Settings = settings.ToJsonString();
        stored.UpdatedAt = clock.GetUtcNow();
        Count(report, "system_settings");
        await db.SaveChangesAsync(ct);
    }

    private static readonly HashSet<string> ReportColumns = ["id", "unique_id", "module_id", "record_type", "editable"];

    private async Task ReportsAsync(JsonArray items, Report report, CancellationToken ct)
    {
        var existing = await db.Set<ReportDefinition>().ToDictionaryAsync(r => r.UniqueId, ct);
        foreach (var item in items.OfType<JsonObject>())
        {
            var name = TextsOrAll(item, "name");
            var uniqueId = JsonRead.Str(item, "unique_id") ?? "report-" + Slugs.From(I18nText.Get(name));
            if (!existing.TryGetValue(uniqueId, out var definition)) db.Add(existing[uniqueId] = definition = new ReportDefinition { UniqueId = uniqueId });
            definition.Name = name;
            definition.Description = TextsOrAll(item, "description");
            definition.ModuleId = JsonRead.Str(item, "module_id");
            definition.RecordType = JsonRead.Str(item, "record_type");
            definition.Editable = JsonRead.Bool(item, "editable") ?? true;
            var rest = new JsonObject();
            foreach (var (key, value) in item)
                if (!ReportColumns.Contains(key) && !key.StartsWith("name", StringComparison.Ordinal) && !key.StartsWith("description", StringComparison.Ordinal))
                    rest[key] = value?.DeepClone();
            definition.Definition = rest.ToJsonString();
            Count(report, "reports");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task ContactAsync(JsonArray items, Report report, CancellationToken ct)
    {
        if (items.OfType<JsonObject>().FirstOrDefault() is not { } item) return;
        var contact = await db.Set<ContactInformation>().FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        if (contact is null) db.Add(contact = new ContactInformation { CreatedAt = now });
        contact.Name = JsonRead.Str(item, "name") ?? contact.Name;
        contact.Organization = JsonRead.Str(item, "organization") ?? contact.Organization;
        contact.Phone = JsonRead.Str(item, "phone") ?? contact.Phone;
        contact.Email = JsonRead.Str(item, "email") ?? contact.Email;
        contact.UpdatedAt = now;
        Count(report, "contact_information");
        await db.SaveChangesAsync(ct);
    }
}
