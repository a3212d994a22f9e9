using System.Text.Json;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// <c>/api/v2/forms</c> and <c>/api/v2/primero_modules</c>: the configuration clients render from, and the form
/// builder's API. Everyone signed in lists forms; reading one form and changing forms takes <c>metadata</c>
/// management (restricted managers may change names, labels, visibility and order only). PATCH with <c>fields</c>
/// replaces the field list, matched by name (order = position); a field sent with <c>renamed_from</c> is renamed and
/// its answers move with it.
/// </summary>
internal static class FormEndpoints
{
    /// <summary>What a restricted metadata manager may change on a form and on its fields.</summary>
    private static readonly string[] RestrictedFormKeys = ["name", "description", "help_text", "visible", "order", "order_form_group", "fields"];
    private static readonly string[] RestrictedFieldKeys = ["id", "name", "display_name", "help_text", "guiding_questions", "tick_box_label", "visible", "order", "mobile_visible"];

    public static IEndpointRouteBuilder MapFormEndpoints(this IEndpointRouteBuilder api)
    {
        var forms = api.MapGroup("/forms").WithTags("Forms");
        forms.MapGet("/", ListFormsAsync).WithSummary("All form sections with their fields (not paginated).")
            .PermissionDecidedByHandler("every signed-in user's client needs the configuration to show forms and options");
        forms.MapGet("/{id:int}", ShowFormAsync).RequirePermission("metadata", "manage_restricted");
        forms.MapPost("/", CreateFormAsync).RequirePermission("metadata", "manage");
        forms.MapPatch("/{id:int}", UpdateFormAsync).RequirePermission("metadata", "manage_restricted");
        forms.MapDelete("/{id:int}", DeleteFormAsync).RequirePermission("metadata", "manage");
        var modules = api.MapGroup("/primero_modules").WithTags("Forms");
        modules.MapGet("/", ListModulesAsync).WithSummary("Modules and the forms they use.")
            .PermissionDecidedByHandler("every signed-in user's client needs the configuration to show forms and options");
        modules.MapGet("/{id:int}", ShowModuleAsync).RequirePermission("metadata", "manage");
        modules.MapPatch("/{id:int}", UpdateModuleAsync).RequirePermission("metadata", "manage");
        return api;
    }

    /// <summary>
    /// A form in Primero's shape: its number as <c>id</c>, each field's <c>form_section_id</c>, and a subform field's
    /// nested form by number (<c>subform_section_id</c>, which Primero's client resolves forms by) and by unique id
    /// (<c>subform_section_unique_id</c>).
    /// </summary>
    private static JsonObject ToJson(FormSectionEntity entity, FormSection form, Dictionary<string, int> formNumbers)
    {
        var o = FormJson.WriteForm(form);
        o["id"] = entity.Id;
        o["version"] = entity.Version;
        foreach (var field in (o["fields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            field["form_section_id"] = entity.Id;
            if (JsonRead.Str(field, "type") != "subform" || JsonRead.Str(field, "subform_section_id") is not { } nested) continue;
            field["subform_section_unique_id"] = nested;
            field["subform_section_id"] = formNumbers.TryGetValue(nested, out var number) ? number : null;
        }
        return o;
    }

    private static async Task<Dictionary<string, int>> FormNumbersAsync(AmparoDbContext db, CancellationToken ct) =>
        await db.FormSections.AsNoTracking().ToDictionaryAsync(f => f.UniqueId, f => f.Id, StringComparer.Ordinal, ct);

    /// <summary>
    /// A field sent naming its nested form by number (<c>subform_section_id</c>, as Primero's client does) names it by
    /// unique id from here on, as definitions are stored; a unique id sent alongside wins. An unknown number is left
    /// for the definition check to refuse.
    /// </summary>
    private static async Task ResolveSubformNumbersAsync(AmparoDbContext db, JsonObject data, CancellationToken ct)
    {
        foreach (var field in (data["fields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonRead.Str(field, "subform_section_unique_id") is { } uniqueId) field["subform_section_id"] = uniqueId;
            else if (field["subform_section_id"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                && JsonRead.Number(field, "subform_section_id") is { } number
                && await db.FormSections.AsNoTracking().Where(f => f.Id == number).Select(f => f.UniqueId).FirstOrDefaultAsync(ct) is { } nested)
                field["subform_section_id"] = nested;
            field.Remove("subform_section_unique_id");
        }
    }

    private static async Task<IResult> ListFormsAsync(HttpContext http, AmparoDbContext db, string? record_type, string? module_id, string? unique_id, string? exclude_subforms)
    {
        var rows = await db.FormSections.AsNoTracking().OrderBy(f => f.Id).ToListAsync(http.RequestAborted);
        var numbers = rows.ToDictionary(r => r.UniqueId, r => r.Id, StringComparer.Ordinal);
        var selected = rows.Select(r => (Entity: r, Form: FormCatalog.Parse(r.Definition)))
            .Where(f => record_type is null || f.Form.ParentForm == record_type)
            .Where(f => module_id is null || f.Form.ModuleIds.Contains(module_id))
            .Where(f => unique_id is null || f.Form.UniqueId == unique_id)
            .Where(f => exclude_subforms != "true" || !f.Form.IsNested)
            .Select(f => (JsonNode?)ToJson(f.Entity, f.Form, numbers));
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. selected]) });
    }

    private static async Task<IResult> ShowFormAsync(HttpContext http, AmparoDbContext db, int id) =>
        await db.FormSections.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, http.RequestAborted) is { } entity
            ? Results.Json(new JsonObject { ["data"] = ToJson(entity, FormCatalog.Parse(entity.Definition), await FormNumbersAsync(db, http.RequestAborted)) })
            : ApiErrors.NotFound(http, $"Couldn't find FormSection with 'id'={id}");

    private static async Task<(List<FormSection> Others, HashSet<string> Lookups)> ContextAsync(AmparoDbContext db, string? except, CancellationToken ct)
    {
        var definitions = await db.FormSections.AsNoTracking().Where(f => f.UniqueId != except).Select(f => f.Definition).ToListAsync(ct);
        var lookups = await db.Set<Lookup>().AsNoTracking().Select(l => l.UniqueId).ToListAsync(ct);
        return ([.. definitions.Select(FormCatalog.Parse)], lookups.ToHashSet(StringComparer.Ordinal));
    }

    private static IResult Problems(HttpContext http, List<FormDefinitionCheck.Problem> problems) =>
        ApiErrors.Error(http, 422, "Invalid form definition", new JsonArray([.. problems.Select(p => (JsonNode?)new JsonObject
        {
            ["detail"] = p.Attribute,
            ["message"] = new JsonArray(p.MessageKey),
        })]));

    /// <summary>Reads the renames out of the field list (they are instructions, not attributes to store).</summary>
    private static Dictionary<string, string> TakeRenames(JsonObject json)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in (json["fields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonRead.Str(field, "renamed_from") is { } from && JsonRead.Str(field, "name") is { } to && from != to) renames[from] = to;
            field.Remove("renamed_from");
        }
        return renames;
    }

    private static async Task<IResult> CreateFormAsync(HttpContext http, AmparoDbContext db, FormPublisher publisher)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        if (JsonRead.Str(data!, "unique_id") is null && LocalizedText.Read(data!, "name").Get("en") is { Length: > 0 } english)
            data!["unique_id"] = Slugs.From(english).Replace('-', '_') is var slug && char.IsAsciiLetter(slug[0]) ? slug : "form_" + slug;
        var uniqueId = JsonRead.Str(data!, "unique_id");
        // As Primero: an id already taken is a conflict, a unique_id already taken a validation error.
        if (JsonRead.Number(data!, "id") is { } clientId && await db.FormSections.AnyAsync(f => f.Id == clientId, http.RequestAborted)) return ApiErrors.Conflict(http);
        if (uniqueId is not null && await db.FormSections.AnyAsync(f => f.UniqueId == uniqueId, http.RequestAborted))
            return ApiErrors.Invalid(http, "unique_id", "errors.models.form_section.unique_id");
        await ResolveSubformNumbersAsync(db, data!, http.RequestAborted);
        var (others, lookups) = await ContextAsync(db, null, http.RequestAborted);
        var problems = FormDefinitionCheck.Check(data!, null, others, lookups);
        if (data!["fields"] is JsonArray fields && fields.OfType<JsonObject>().Any(f => f.ContainsKey("renamed_from")))
            problems.Add(new("fields", "errors.models.field.rename_source"));
        if (problems.Count > 0) return Problems(http, problems);
        data.Remove("id");
        var form = FormJson.ReadForm(data);
        var entity = await publisher.PublishAsync(form, null, new Dictionary<string, string>(), CurrentUser.From(http).UserName, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(entity, FormCatalog.Parse(entity.Definition), await FormNumbersAsync(db, http.RequestAborted)) });
    }

    private static async Task<IResult> UpdateFormAsync(HttpContext http, AmparoDbContext db, FormPublisher publisher, int id)
    {
        var entity = await db.FormSections.FirstOrDefaultAsync(f => f.Id == id, http.RequestAborted);
        if (entity is null) return ApiErrors.NotFound(http, $"Couldn't find FormSection with 'id'={id}");
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        await ResolveSubformNumbersAsync(db, data!, http.RequestAborted);
        var user = CurrentUser.From(http);
        var restricted = !user.Can("metadata", "manage");
        var current = FormJson.WriteForm(FormCatalog.Parse(entity.Definition));
        var previous = FormJson.ReadForm(current.DeepClone().AsObject());
        if (restricted && !Allowed(data!, previous)) return ApiErrors.Forbidden(http);

        // Attributes not sent stay; sent fields replace the list (matched by name), localised texts merge per locale.
        var merged = current;
        foreach (var (key, value) in data!)
        {
            if (key is "id" or "unique_id" or "parent_form") continue;
            merged[key] = key is "name" or "description" or "help_text" && value is JsonObject texts && merged[key] is JsonObject before
                ? MergeTexts(before, texts) : value?.DeepClone();
        }
        if (data["fields"] is JsonArray incoming) merged["fields"] = MergeFields(previous, incoming);
        var (others, lookups) = await ContextAsync(db, entity.UniqueId, http.RequestAborted);
        var problems = FormDefinitionCheck.Check(merged, previous, others, lookups);
        if (problems.Count > 0) return Problems(http, problems);
        var renames = TakeRenames(merged);
        var form = FormJson.ReadForm(merged);
        await publisher.PublishAsync(form, entity, renames, user.UserName, http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(entity, FormCatalog.Parse(entity.Definition), await FormNumbersAsync(db, http.RequestAborted)) });
    }

    /// <summary>
    /// A sent field replaces the stored one of the same name (or of its <c>renamed_from</c>), keeping attributes it
    /// does not mention; fields not sent are removed; the order is the order sent unless a field gives its own.
    /// </summary>
    private static JsonArray MergeFields(FormSection previous, JsonArray incoming)
    {
        var result = new JsonArray();
        var position = 0;
        foreach (var node in incoming)
        {
            if (node is not JsonObject f) { result.Add(node?.DeepClone()); position++; continue; }
            var lookFor = JsonRead.Str(f, "renamed_from") ?? JsonRead.Str(f, "name");
            var field = previous.Fields.FirstOrDefault(p => p.Name == lookFor) is { } before ? FormJson.WriteField(before) : [];
            foreach (var (key, value) in f)
                field[key] = key is "display_name" or "help_text" or "guiding_questions" or "tick_box_label" && value is JsonObject texts && field[key] is JsonObject old
                    ? MergeTexts(old, texts) : value?.DeepClone();
            if (!f.ContainsKey("order")) field["order"] = position;
            result.Add(field);
            position++;
        }
        return result;
    }

    private static JsonObject MergeTexts(JsonObject before, JsonObject changes)
    {
        var merged = before.DeepClone().AsObject();
        foreach (var (locale, text) in changes) merged[locale] = text?.DeepClone();
        return merged;
    }

    /// <summary>A restricted manager's change touches only texts, visibility and order, and keeps the same fields.</summary>
    private static bool Allowed(JsonObject data, FormSection previous)
    {
        if (data.Any(kv => !RestrictedFormKeys.Contains(kv.Key))) return false;
        if (data["fields"] is not JsonArray fields) return true;
        var names = fields.OfType<JsonObject>().Select(f => JsonRead.Str(f, "name")).ToList();
        return names.Count == previous.Fields.Count && names.All(n => previous.Fields.Any(p => p.Name == n))
            && fields.OfType<JsonObject>().All(f => f.All(kv => RestrictedFieldKeys.Contains(kv.Key)));
    }

    private static async Task<IResult> DeleteFormAsync(HttpContext http, AmparoDbContext db, FormPublisher publisher, int id)
    {
        var entity = await db.FormSections.FirstOrDefaultAsync(f => f.Id == id, http.RequestAborted);
        if (entity is null) return ApiErrors.NotFound(http, $"Couldn't find FormSection with 'id'={id}");
        var form = FormCatalog.Parse(entity.Definition);
        if (!form.Editable || form.CoreForm) return ApiErrors.Forbidden(http);
        // Subforms only this form uses go with it.
        var all = await db.FormSections.Where(f => f.Id != id).ToListAsync(http.RequestAborted);
        var parsed = all.Select(e => (Entity: e, Form: FormCatalog.Parse(e.Definition))).ToList();
        var usedElsewhere = parsed.SelectMany(p => p.Form.Fields.OfType<SubformField>()).Select(s => s.SubformSectionId).ToHashSet(StringComparer.Ordinal);
        foreach (var sub in form.Fields.OfType<SubformField>())
            if (!usedElsewhere.Contains(sub.SubformSectionId) && parsed.FirstOrDefault(p => p.Form.UniqueId == sub.SubformSectionId).Entity is { } orphan)
                await publisher.DeleteAsync(orphan, CurrentUser.From(http).UserName, http.RequestAborted);
        await publisher.DeleteAsync(entity, CurrentUser.From(http).UserName, http.RequestAborted);
        return Results.Json(Paging.Deleted(id));
    }

    public static JsonObject ModuleJson(ModuleEntity m)
    {
        var o = JsonNode.Parse(m.Extra) as JsonObject ?? [];
        o["id"] = m.Id;
        o["unique_id"] = m.UniqueId;
        o["name"] = m.Name;
        o["description"] = m.Description;
        o["associated_record_types"] = new JsonArray([.. FormCatalog.Strings(m.AssociatedRecordTypes).Select(s => (JsonNode?)s)]);
        o["form_section_unique_ids"] = new JsonArray([.. FormCatalog.Strings(m.FormSectionUniqueIds).Select(s => (JsonNode?)s)]);
        if (o["module_options"] is JsonObject options) o["options"] = options.DeepClone();
        // The columns and filters its lists offer, per record collection (Primero's client shows a user's case columns
        // and filters only where their modules list them); what the module configures, else every one Amparo offers.
        var types = FormCatalog.Strings(m.AssociatedRecordTypes);
        if (o["list_headers"] is not JsonObject) o["list_headers"] = Users.ListHeaders.ForModule(m.UniqueId, types);
        if (o["list_filters"] is not JsonObject) o["list_filters"] = Users.ListFilters.ForModule(types);
        return o;
    }

    private static async Task<IResult> ListModulesAsync(HttpContext http, AmparoDbContext db)
    {
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).ToListAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. modules.Select(m => (JsonNode?)ModuleJson(m))]) });
    }

    private static async Task<IResult> ShowModuleAsync(HttpContext http, AmparoDbContext db, int id) =>
        await db.Modules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, http.RequestAborted) is { } module
            ? Results.Json(new JsonObject { ["data"] = ModuleJson(module) })
            : ApiErrors.NotFound(http, $"Couldn't find PrimeroModule with 'id'={id}");

    private static async Task<IResult> UpdateModuleAsync(HttpContext http, AmparoDbContext db, int id)
    {
        var module = await db.Modules.FirstOrDefaultAsync(m => m.Id == id, http.RequestAborted);
        if (module is null) return ApiErrors.NotFound(http, $"Couldn't find PrimeroModule with 'id'={id}");
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        if (data!.ContainsKey("description")) module.Description = JsonRead.Str(data, "description");
        if (data.ContainsKey("associated_record_types"))
        {
            var types = JsonRead.StrList(data, "associated_record_types");
            if (types is null || types.Any(t => !FormDefinitionCheck.RecordTypes.Contains(t))) return ApiErrors.Invalid(http, "associated_record_types", "errors.models.primero_module.record_types");
            module.AssociatedRecordTypes = JsonSerializer.Serialize(types.ToArray(), AmparoJson.Default.StringArray);
        }
        if (data.ContainsKey("form_section_unique_ids"))
        {
            var ids = JsonRead.StrList(data, "form_section_unique_ids");
            var known = await db.FormSections.Select(f => f.UniqueId).ToListAsync(http.RequestAborted);
            if (ids is null || ids.Any(i => !known.Contains(i))) return ApiErrors.Invalid(http, "form_section_unique_ids", "errors.models.primero_module.forms");
            module.FormSectionUniqueIds = JsonSerializer.Serialize(ids.Distinct().ToArray(), AmparoJson.Default.StringArray);
        }
        if (data["module_options"] is JsonObject options)
        {
            var extra = JsonNode.Parse(module.Extra) as JsonObject ?? [];
            extra["module_options"] = options.DeepClone();
            module.Extra = extra.ToJsonString();
        }
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ModuleJson(module) });
    }
}
