using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Users;

/// <summary>
/// The filter panel Primero's web client draws for a user (<c>filters</c> in <c>users/:id?extended=true</c>): per
/// record type the user may read, Primero's filter names (<c>{name, field_name, type, options | option_strings_source}</c>)
/// in Primero's order. Stricter than Primero in one way: a filter is offered only when the list would honour it for
/// this user — a field they may not read in any module (see <see cref="RecordFilterFields"/>) is left out rather than
/// shown as a control that silently filters nothing. Options of answers come from the field's own form definition,
/// so the panel follows the configuration.
/// </summary>
internal static class ListFilters
{
    // Declared first: the static option lists below are built from it.
    /// <summary>The labels of options the server itself defines (answers' options come from the forms).</summary>
    private static readonly Dictionary<string, (string En, string Fr, string Ar)> Strings = new(StringComparer.Ordinal)
    {
        ["flagged"] = ("Flagged?", "Signalé ?", "مُعلَّم؟"),
        ["my_cases.owned_by"] = ("My cases", "Mes dossiers", "حالاتي"),
        ["my_cases.assigned"] = ("Cases assigned to me", "Dossiers qui me sont assignés", "الحالات المسندة إليّ"),
        ["enabled"] = ("Enabled", "Activé", "مفعّل"),
        ["disabled"] = ("Disabled", "Désactivé", "معطّل"),
        ["status.open"] = ("Open", "Ouvert", "مفتوحة"),
        ["status.closed"] = ("Closed", "Fermé", "مغلقة"),
        ["workflow.new"] = ("New", "Nouveau", "جديدة"),
        ["workflow.reopened"] = ("Reopened", "Rouvert", "أعيد فتحها"),
        ["workflow.assessment"] = ("Assessment", "Évaluation", "التقييم"),
        ["workflow.case_plan"] = ("Case plan", "Plan de prise en charge", "خطة الحالة"),
        ["workflow.services_implemented"] = ("Services implemented", "Services mis en œuvre", "الخدمات المنفذة"),
        ["workflow.closed"] = ("Closed", "Fermé", "مغلقة"),
        ["date.registration_date"] = ("Date of registration", "Date d'enregistrement", "تاريخ التسجيل"),
        ["date.created_at"] = ("Date of creation", "Date de création", "تاريخ الإنشاء"),
    };

    /// <summary>Primero's default age bands, written in the list's range grammar (<c>a..b</c>).</summary>
    private static readonly string[] AgeRanges = ["0..5", "6..11", "12..17", "18..999"];

    public static async Task<JsonObject> ForAsync(AmparoDbContext db, User shown, CancellationToken ct)
    {
        // The panel of the user shown, not of whoever asks: an administrator sees what that user would see.
        var user = await CurrentUserLoader.LoadAsync(db, shown, null, ct);
        var catalog = new Forms.FormCatalog(db);
        var permissions = new FieldPermissions(catalog, db);
        var role = shown.RoleId is { } roleId ? await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roleId, ct) : null;
        var modules = role is null ? [] : Forms.FormCatalog.Strings(role.ModuleUniqueIds);
        var isManager = role?.IsManager ?? false;
        var result = new JsonObject();
        foreach (var type in RecordType.All)
        {
            if (!user.Can(type.Name, "read")) continue;
            var fields = await RecordFilterFields.LoadAsync(permissions, user, type.Name, ct);
            var context = new Context(db, permissions, user, type.Name, fields, modules, ct);
            var list = new JsonArray();
            var admin = user.IsSuperuser || user.Scope is Scopes.All or Scopes.AdminOnly;
            foreach (var offer in Definitions(type.Name, isManager, admin, user.Can("case", "view_protection_concerns_filter")))
                if (await offer.Build(context) is { } json) list.Add((JsonNode)json);
            result[type.Path] = list;
        }
        return result;
    }

    /// <summary>
    /// A module's <c>list_filters</c>: per record collection, the <c>unique_id</c> of every filter its lists may offer.
    /// Primero's client offers a user's case filters only where their modules list them; this is the same table.
    /// </summary>
    public static JsonObject ForModule(IEnumerable<string> recordTypes)
    {
        var result = new JsonObject();
        foreach (var type in RecordType.All.Where(t => recordTypes.Contains(t.Name)))
            result[type.Path] = new JsonArray([.. Definitions(type.Name, isManager: true, admin: true, protectionConcerns: true)
                .Select(o => (JsonNode?)o.UniqueId).Distinct()]);
        return result;
    }

    private sealed record Context(AmparoDbContext Db, FieldPermissions Permissions, CurrentUser User, string RecordType,
        RecordFilterFields Fields, IReadOnlyList<string> Modules, CancellationToken Ct);

    private delegate Task<JsonObject?> Filter(Context c);

    /// <summary>A filter the panel may offer: its <c>unique_id</c>, and how it is built for a user (null: not for them).</summary>
    private sealed record Offer(string UniqueId, Filter Build);

    private static IEnumerable<Offer> Definitions(string recordType, bool isManager, bool admin, bool protectionConcerns)
    {
        yield return Fixed("cases.filter_by.flag", "flagged", Labels("true", "flagged"));
        switch (recordType)
        {
            case "case":
                if (isManager) yield return SocialWorker;
                yield return Fixed("cases.filter_by.my_cases", "my_cases", Labels("owned_by", "my_cases.owned_by"), Labels("assigned_user_names", "my_cases.assigned"));
                yield return Workflow;
                if (admin) yield return AgencyFilter;
                yield return Answer("cases.filter_by.status", "status", StatusOptions);
                yield return Age("cases.filter_by.age_range");
                yield return Answer("cases.filter_by.sex", "sex");
                yield return Answer("cases.filter_by.gender", "gender");
                if (protectionConcerns) yield return Answer("cases.filter_by.protection_concerns", "protection_concerns");
                yield return Answer("cases.filter_by.displacement_status", "gbv_displacement_status");
                yield return Answer("cases.filter_by.protection_status", "protection_status");
                yield return Answer("cases.filter_by.urgent_protection_concern", "urgent_protection_concern");
                yield return Answer("cases.filter_by.type_of_risk", "type_of_risk");
                yield return Answer("cases.filter_by.risk_level", "risk_level", type: "chips");
                yield return Answer("cases.filter_by.displacement_status", "displacement_status", type: "multi_select");
                yield return Answer("cases.filter_by.protection_risks", "protection_risks", type: "multi_select");
                yield return Location("cases.filter_by.current_location", "location_current");
                yield return Dates("cases.filter_by.by_date", "cases_by_date", "registration_date", "assessment_requested_on", "date_case_plan", "date_closure", "created_at");
                break;
            case "incident":
                yield return Answer("incidents.filter_by.violence_type", "gbv_sexual_violence_type");
                if (isManager) yield return SocialWorker;
                yield return Answer("incidents.filter_by.status", "status", StatusOptions);
                yield return Age("cases.filter_by.age_range");
                yield return Location("incidents.filter_by.incident_location", "incident_location");
                yield return Dates("incidents.filter_by.by_date", "incidents_by_date", "date_of_first_report", "incident_date", "incident_date_derived");
                yield return Answer("incidents.filter_by.unaccompanied_separated_status", "unaccompanied_separated_status");
                break;
            case "tracing_request":
                if (isManager) yield return SocialWorker;
                yield return Dates("tracing_requests.filter_by.by_date", "tracing_requests_by_date", "inquiry_date");
                yield return Answer("tracing_requests.filter_by.status", "status", StatusOptions);
                yield return Location("tracing_requests.filter_by.location_separation", "location_separation");
                yield return Answer("tracing_requests.filter_by.separation_cause", "separation_cause");
                break;
            case "registry_record":
                yield return Answer("registry_records.filter_by.status", "status", StatusOptions);
                break;
            case "family":
                yield return Answer("families.filter_by.status", "status", StatusOptions);
                break;
        }
        yield return Fixed("cases.filter_by.enabled_disabled", "record_state", Labels("true", "enabled"), Labels("false", "disabled"));
        switch (recordType)
        {
            case "registry_record":
                yield return Location("cases.filter_by.current_location", "location_current");
                yield return Dates("registry_records.filter_by.by_date", "registry_records_by_date", "registration_date");
                break;
            case "family":
                yield return Location("families.filter_by.current_location", "family_location_current");
                yield return Dates("families.filter_by.by_date", "families_by_date", "family_registration_date", "registration_date");
                break;
        }
    }

    // --- the kinds of filter ------------------------------------------------------------------------------------

    /// <summary>A filter on a fact the server keeps, with options of its own.</summary>
    private static Offer Fixed(string name, string field, params (string Id, JsonObject Text)[] options) => new(field, c =>
        Task.FromResult(c.Fields.Allows(field) ? Make(name, field, PerLocale(options)) : null));

    /// <summary>An answer of the forms: offered only where the user may read it, with the options its field defines.</summary>
    private static Offer Answer(string name, string field, (string Id, JsonObject Text)[]? options = null, string? type = null) => new(field, async c =>
    {
        if (!c.Fields.Allows(field)) return null;
        if (options is not null) return Make(name, field, PerLocale(options), type);
        if (await FieldAsync(c, field) is not ChoiceField choice) return null;
        return choice.Options switch
        {
            OptionSource.Named named when named.Source.StartsWith("lookup ", StringComparison.Ordinal) =>
                Make(name, field, null, type ?? "checkbox", source: named.Source["lookup ".Length..]),
            OptionSource.Inline { Options.Count: > 0 } inline =>
                Make(name, field, PerLocale([.. inline.Options.Where(o => !o.Disabled).Select(o => (o.Id, o.DisplayText.ToJson()))]), type),
            _ => null,
        };
    });

    private static Offer Location(string name, string field) => new(field, async c =>
        c.Fields.Allows(field) && await FieldAsync(c, field) is ChoiceField { Options: OptionSource.Named { Source: "Location" } }
            ? Make(name, "loc:" + field, null, "multi_select", source: "Location", uniqueId: field)
            : null);

    private static Offer Age(string name) => new("age", c =>
        Task.FromResult(c.Fields.Allows("age")
            ? Make(name, "age", new JsonArray([.. AgeRanges.Select(r => (JsonNode?)new JsonObject { ["id"] = r, ["display_name"] = r.Replace("..999", "+", StringComparison.Ordinal).Replace("..", " - ", StringComparison.Ordinal) })]), "multi_toggle")
            : null));

    /// <summary>One date filter whose options are the dates the user may filter on; none, no filter.</summary>
    private static Offer Dates(string name, string field, params string[] dateFields) => new(field, async c =>
    {
        var offered = new List<(string, JsonObject)>();
        foreach (var date in dateFields)
        {
            if (!c.Fields.Allows(date)) continue;
            var label = RecordFilterFields.SystemFields.Contains(date) ? Text("date." + date)
                : (await FieldAsync(c, date))?.DisplayName is { IsEmpty: false } display ? display.ToJson() : null;
            if (label is not null) offered.Add((date, label));
        }
        return offered.Count == 0 ? null : Make(name, field, PerLocale([.. offered]), "dates");
    });

    private static readonly Offer SocialWorker = new("owned_by", async c =>
    {
        var users = await VisibleOwners(c).OrderBy(u => u.UserName).Select(u => new { u.UserName, u.Disabled }).ToListAsync(c.Ct);
        var filter = Make("cases.filter_by.social_worker", "owned_by",
            new JsonArray([.. users.Select(u => (JsonNode?)new JsonObject { ["id"] = u.UserName, ["display_name"] = u.UserName, ["enabled"] = !u.Disabled })]), "multi_select");
        filter["toggle_include_disabled"] = true;
        filter["sort_options"] = true;
        return filter;
    });

    private static readonly Offer AgencyFilter = new("owned_by_agency_id", async c =>
    {
        var agencies = await c.Db.Agencies.AsNoTracking().Where(a => !a.Disabled).OrderBy(a => a.UniqueId).Select(a => new { a.UniqueId, a.Name }).ToListAsync(c.Ct);
        return Make("cases.filter_by.agency", "owned_by_agency_id",
            PerLocale([.. agencies.Select(a => (a.UniqueId, I18nText.ToWire(a.Name)))]), "checkbox");
    });

    private static readonly Offer Workflow = new("workflow", async c =>
    {
        if (!c.Fields.Allows("workflow")) return null;
        var catalog = new Forms.FormCatalog(c.Db);
        var stages = new List<string> { Records.Workflow.New, "reopened" };
        foreach (var module in c.Modules)
        {
            var options = await catalog.ModuleOptionsAsync(module, c.Ct);
            bool On(string option) => options?[option] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
            if (On("use_workflow_assessment")) stages.Add("assessment");
            if (On("use_workflow_case_plan")) stages.Add("case_plan");
            if (On("use_workflow_service_implemented")) stages.Add("services_implemented");
        }
        stages.Add("closed");
        return Make("cases.filter_by.workflow", "workflow", PerLocale([.. stages.Distinct().Select(s => (s, Text("workflow." + s)))]), "multi_toggle");
    });

    private static readonly (string, JsonObject)[] StatusOptions = [Labels("open", "status.open"), Labels("closed", "status.closed")];

    // --- helpers ------------------------------------------------------------------------------------------------

    /// <summary>Users whose records this user's scope reaches, for the social-worker filter.</summary>
    private static IQueryable<User> VisibleOwners(Context c)
    {
        var users = c.Db.Users.AsNoTracking();
        if (c.User.IsSuperuser || c.User.Scope is Scopes.All or Scopes.AdminOnly) return users;
        if (c.User.Scope == Scopes.Agency) return users.Where(u => u.AgencyId == c.User.AgencyId);
        if (c.User.Scope == Scopes.Group)
        {
            var groups = c.User.GroupIds.ToList();
            return users.Where(u => u.Id == c.User.Id || c.Db.Set<UserGroups.UserGroupMembership>().Any(m => m.UserId == u.Id && groups.Contains(m.UserGroupId)));
        }
        return users.Where(u => u.Id == c.User.Id);
    }

    /// <summary>The field's definition in the first module where the user may read it.</summary>
    private static async Task<Field?> FieldAsync(Context c, string name)
    {
        if (c.Fields.Data(name) is not { } data) return null;
        foreach (var module in data.Modules)
            if (await c.Permissions.ForAsync(c.User, module, c.RecordType, c.Ct) is { } access && access.Full.Find(name) is { } field)
                return field;
        return null;
    }

    private static JsonObject Make(string name, string field, JsonNode? options, string? type = null, string? source = null, string? uniqueId = null)
    {
        var o = new JsonObject { ["name"] = name, ["field_name"] = field, ["unique_id"] = uniqueId ?? field };
        if (options is not null) o["options"] = options;
        if (source is not null) o["option_strings_source"] = source;
        o["type"] = type ?? TypeFor(options);
        return o;
    }

    /// <summary>Primero's rule for a filter without a stated type: one option a toggle, two or three a row of toggles.</summary>
    private static string TypeFor(JsonNode? options)
    {
        var count = options switch
        {
            JsonArray a => a.Count,
            JsonObject o when o["en"] is JsonArray en => en.Count,
            _ => 0,
        };
        return count switch { 1 => "toggle", 2 or 3 => "multi_toggle", _ => "checkbox" };
    }

    /// <summary>Options as Primero sends them: a list per locale.</summary>
    private static JsonObject PerLocale((string Id, JsonObject Text)[] options)
    {
        var o = new JsonObject();
        foreach (var locale in I18nText.Locales)
            o[locale] = new JsonArray([.. options.Select(x => (JsonNode?)new JsonObject
            {
                ["id"] = x.Id,
                ["display_name"] = Amparo.Forms.LocalizedText.Pick(x.Text, locale) is { Length: > 0 } s ? s : x.Id,
            })]);
        return o;
    }

    private static (string, JsonObject) Labels(string id, string key) => (id, Text(key));

    private static JsonObject Text(string key) => Strings.TryGetValue(key, out var t)
        ? new JsonObject { ["en"] = t.En, ["fr"] = t.Fr, ["ar"] = t.Ar }
        : new JsonObject { ["en"] = key };
}
