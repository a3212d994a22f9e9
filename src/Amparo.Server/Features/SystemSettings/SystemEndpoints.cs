using System.Reflection;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Bootstrap;
using Amparo.Server.Features.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.SystemSettings;

/// <summary>
/// What Primero's client reads right after login: <c>system_settings</c> and <c>contact_information</c>
/// (<c>webpush/config</c>, read at the same time, belongs to the notifications feature).
/// </summary>
internal static class SystemEndpoints
{
    private static readonly string[] ContactFields = ["name", "organization", "phone", "email", "location", "position", "support_forum", "other_information"];

    public static string Version { get; } =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapSystemEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/system_settings", SettingsAsync).WithTags("System")
            .PermissionDecidedByHandler("every signed-in user's client needs the settings; nothing per-user or secret is in them");
        api.MapGet("/contact_information", ContactAsync).WithTags("System")
            .PermissionDecidedByHandler("every signed-in user may read whom to contact for help");
        api.MapPatch("/contact_information", UpdateContactAsync).RequirePermission("system", "manage").WithTags("System");
        return api;
    }

    /// <summary>
    /// The audit log's filter choices (<c>audit_log</c>): Primero's action names and the record types its client names
    /// (<c>child</c> for cases, as <c>record_type[]</c> sends them back).
    /// </summary>
    private static readonly string[] AuditActions =
        ["list", "show", "create", "update", "delete", "login", "logout", "failed_login", "assign", "refer", "transfer", "flag", "unflag", "attach", "detach", "close", "reopen", "export", "import"];
    private static readonly string[] AuditRecordTypes = ["child", "incident", "tracing_request", "family", "registry_record", "user", "role"];

    /// <summary>
    /// The names of the approvals (Primero's client labels its request and approve dialogs with them, and offers no
    /// choice without them): one text per language for each kind of approval Amparo's workflows know.
    /// </summary>
    private static JsonObject DefaultApprovalsLabels() => new()
    {
        ["assessment"] = new JsonObject { ["en"] = "Assessment", ["fr"] = "Évaluation", ["ar"] = "التقييم" },
        ["case_plan"] = new JsonObject { ["en"] = "Case Plan", ["fr"] = "Plan d'intervention", ["ar"] = "خطة الحالة" },
        ["closure"] = new JsonObject { ["en"] = "Closure", ["fr"] = "Clôture", ["ar"] = "إغلاق الحالة" },
        ["action_plan"] = new JsonObject { ["en"] = "Action Plan", ["fr"] = "Plan d'action", ["ar"] = "خطة العمل" },
        ["gbv_closure"] = new JsonObject { ["en"] = "GBV Closure", ["fr"] = "Clôture VBG", ["ar"] = "إغلاق حالة العنف القائم على النوع الاجتماعي" },
    };

    /// <summary>
    /// Approval labels keyed by approval, each with its texts by language, as Primero's API answers and its client reads
    /// them. A Primero configuration stores them by language (<c>approvals_labels_en: {case_plan: ...}</c>, imported as
    /// <c>{en: {case_plan: ...}}</c>), so those are turned around.
    /// </summary>
    internal static JsonObject ByApproval(JsonObject labels)
    {
        if (labels.Count == 0 || !labels.All(kv => LocalizedText.IsLocale(kv.Key) && kv.Value is JsonObject)) return labels;
        var byApproval = new JsonObject();
        foreach (var (locale, texts) in labels)
            foreach (var (approval, text) in (JsonObject)texts!)
            {
                if (byApproval[approval] is not JsonObject byLocale) byApproval[approval] = byLocale = [];
                byLocale[locale] = text?.DeepClone();
            }
        return byApproval;
    }

    private static async Task<IResult> SettingsAsync(HttpContext http, AmparoDbContext db, FormCatalog catalog, string? extended)
    {
        var ct = http.RequestAborted;
        var data = new JsonObject
        {
            ["default_locale"] = "en",
            ["base_language"] = "en",
            ["locales"] = new JsonArray([.. I18nText.Locales.Select(l => (JsonNode?)l)]),
            ["rtl_locales"] = new JsonArray("ar"),
            ["primero_version"] = Version,
            ["system_version"] = Version,
            ["export_require_password"] = true,
            ["approvals_labels"] = DefaultApprovalsLabels(),
            ["field_labels"] = new JsonObject(),
        };
        // What the tenant configured (e.g. imported from Primero: age ranges, reporting location, approval labels)
        // lies over the defaults; the locale and version keys stay the server's own, and the values the server acts on
        // (attachment limit, reporting location, what the searches look in) are the ones it acts on.
        var configured = await TenantSettings.StoredAsync(db, ct);
        foreach (var (key, value) in configured)
            // The theme is Primero's client's, served as /theme (Branding), not a system setting.
            if (key is not ("default_locale" or "base_language" or "locales" or "rtl_locales" or "primero_version" or "system_version" or "theme"))
                data[key] = value?.DeepClone();
        if (data["approvals_labels"] is JsonObject labels) data["approvals_labels"] = ByApproval(labels);
        var codeOfConduct = await CodeOfConduct.CodesOfConduct.InForceAsync(db, ct);
        data["system_options"] = TenantSettings.SystemOptions(configured, codeOfConduct is not null);
        if (codeOfConduct is not null) data["code_of_conduct"] = CodeOfConduct.CodeOfConductEndpoints.ToJson(codeOfConduct);
        data["reporting_location_config"] = TenantSettings.ReportingLocationConfig(configured);
        data["audit_log"] = new JsonObject
        {
            ["actions"] = new JsonArray([.. AuditActions.Select(a => (JsonNode?)a)]),
            ["record_types"] = new JsonArray([.. AuditRecordTypes.Select(t => (JsonNode?)t)]),
        };
        var (exact, phonetic, phoneNumber) = await Search.SearchFields.ForAsync(catalog, ct);
        data["exact_search_fields"] = exact;
        data["phonetic_search_fields"] = phonetic;
        data["phone_number_search_fields"] = phoneNumber;
        if (extended == "true")
        {
            var agencies = await db.Agencies.AsNoTracking().Where(a => !a.Disabled).OrderBy(a => a.Id).ToListAsync(ct);
            data["agencies"] = new JsonArray([.. agencies.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id,
                ["unique_id"] = a.UniqueId,
                ["name"] = I18nText.ToWire(a.Name),
            })]);
            var modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).ToListAsync(http.RequestAborted);
            // The modules as /primero_modules shows them: the client takes options, workflows, list headers and filters from here.
            data["modules"] = new JsonArray([.. modules.Select(m => (JsonNode?)FormEndpoints.ModuleJson(m))]);
        }
        return Results.Json(new JsonObject { ["data"] = data });
    }

    private static JsonObject ContactJson(ContactInformation? c) => new()
    {
        ["name"] = c?.Name,
        ["organization"] = c?.Organization,
        ["phone"] = c?.Phone,
        ["email"] = c?.Email,
        ["location"] = c?.Location,
        ["position"] = c?.Position,
        ["support_forum"] = c?.SupportForum,
        ["other_information"] = c?.OtherInformation,
        ["created_at"] = ApiTime.Format(c?.CreatedAt),
        ["updated_at"] = ApiTime.Format(c?.UpdatedAt),
        ["system_version"] = Version,
    };

    private static async Task<IResult> ContactAsync(HttpContext http, AmparoDbContext db) =>
        Results.Json(new JsonObject { ["data"] = ContactJson(await db.Set<ContactInformation>().AsNoTracking().FirstOrDefaultAsync(http.RequestAborted)) });

    private static async Task<IResult> UpdateContactAsync(HttpContext http, AmparoDbContext db, TimeProvider clock)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        foreach (var key in ContactFields)
            if (data!.ContainsKey(key) && data[key] is not null && JsonRead.Str(data, key) is not { Length: <= 1000 })
                return ApiErrors.Invalid(http, key, "errors.models.contact_information.invalid");
        var contact = await db.Set<ContactInformation>().FirstOrDefaultAsync(http.RequestAborted);
        var now = clock.GetUtcNow();
        if (contact is null) db.Add(contact = new ContactInformation { CreatedAt = now });
        string? Read(string key, string? current) => data!.ContainsKey(key) ? JsonRead.Str(data, key) : current;
        contact.Name = Read("name", contact.Name);
        contact.Organization = Read("organization", contact.Organization);
        contact.Phone = Read("phone", contact.Phone);
        contact.Email = Read("email", contact.Email);
        contact.Location = Read("location", contact.Location);
        contact.Position = Read("position", contact.Position);
        contact.SupportForum = Read("support_forum", contact.SupportForum);
        contact.OtherInformation = Read("other_information", contact.OtherInformation);
        contact.UpdatedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        var json = ContactJson(contact);
        json["id"] = contact.Id;
        return Results.Json(new JsonObject { ["data"] = json });
    }
}
