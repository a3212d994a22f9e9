using System.Text.Json.Nodes;
using Amparo.Server.Features.Roles;

namespace Amparo.Server.Features.Users;

/// <summary>
/// The list columns Primero's web client draws for a user (<c>list_headers</c> in <c>users/:id?extended=true</c>):
/// per record type, by the user's modules and permissions, in Primero's names (<c>{name, field_name, id_search?}</c>),
/// so its client lays out the same lists against Amparo. The name column appears only for a user whose forms let
/// them read names: a column the server would leave empty is not offered.
/// </summary>
internal static class ListHeaders
{
    private static JsonObject H(string name, string field, bool idSearch = false)
    {
        var o = new JsonObject { ["name"] = name, ["field_name"] = field };
        if (idSearch) o["id_search"] = true;
        return o;
    }

    public static JsonObject For(RolePermissions grants, IReadOnlyCollection<string> modules, bool isManager, bool readsNames) =>
        For(grants.Can("case", "view_photo"), modules, isManager, readsNames);

    /// <summary>
    /// A module's <c>list_headers</c>: per record collection, the field names of every column its lists may show (to
    /// managers or not, photos and names included). Primero's client shows a user's case columns only where their
    /// modules list them, so this is the same table as the user's, not a second one.
    /// </summary>
    public static JsonObject ForModule(string moduleId, IEnumerable<string> recordTypes)
    {
        var paths = recordTypes.Select(t => RecordType.All.FirstOrDefault(r => r.Name == t)?.Path).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var (path, columns) in For(true, [moduleId], true, true).Concat(For(true, [moduleId], false, true)))
        {
            if (!paths.Contains(path)) continue;
            if (result[path] is not JsonArray names) result[path] = names = [];
            foreach (var column in (columns as JsonArray ?? []).OfType<JsonObject>())
                if (column["field_name"]?.GetValue<string>() is { } name && !names.Any(n => n?.GetValue<string>() == name)) names.Add(name);
        }
        return result;
    }

    private static JsonObject For(bool viewsPhotos, IReadOnlyCollection<string> modules, bool isManager, bool readsNames)
    {
        var cp = modules.Contains("primeromodule-cp");
        var gbv = modules.Contains("primeromodule-gbv");
        var mrm = modules.Contains("primeromodule-mrm");

        var cases = new JsonArray { H("id", "case_id_display", true), H("id", "short_id", true) };
        if (readsNames) cases.Add(H("name", "name"));
        cases.Add(H("client_code", "client_code"));
        if (!isManager) cases.Add(H("survivor_code", "survivor_code_no"));
        cases.Add(H("age", "age", true));
        cases.Add(H("sex", "sex", true));
        cases.Add(H("gender", "gender", true));
        cases.Add(H("registration_date", "registration_date"));
        cases.Add(H("case_opening_date", "created_at"));
        if (viewsPhotos) cases.Add(H("photo", "photo"));
        if (isManager) cases.Add(H("social_worker", "owned_by"));
        cases.Add(H("location_current", "location_current"));
        cases.Add(H("alert_count", "alert_count"));
        cases.Add(H("flag_count", "flag_count"));

        var incidents = new JsonArray { H("id", "short_id", true) };
        if (mrm) incidents.Add(H("date_of_incident", "incident_date"));
        if (!isManager && gbv) incidents.Add(H("survivor_code", "survivor_code"));
        if (!mrm) incidents.Add(H("date_of_interview", "date_of_first_report"));
        if (gbv) { incidents.Add(H("date_of_incident", "incident_date")); incidents.Add(H("violence_type", "gbv_sexual_violence_type")); }
        if (cp || (!gbv && !mrm)) { incidents.Add(H("date_of_incident", "incident_date")); incidents.Add(H("violence_type", "cp_incident_violence_type")); }
        if (mrm) { incidents.Add(H("incident_location", "incident_location")); incidents.Add(H("violations", "violation_category")); }
        if (isManager) incidents.Add(H("social_worker", "owned_by"));
        incidents.Add(H("flag_count", "flag_count"));

        return new JsonObject
        {
            ["cases"] = cases,
            ["incidents"] = incidents,
            ["tracing_requests"] = new JsonArray { H("id", "short_id", true), H("name_of_inquirer", "relation_name"), H("date_of_inquiry", "inquiry_date"), H("tracing_requests", "tracing_names"), H("flag_count", "flag_count") },
            ["registry_records"] = new JsonArray { H("id", "short_id", true), H("name", "name"), H("registry_no", "registry_no"), H("registration_date", "registration_date") },
            ["families"] = new JsonArray { H("id", "short_id", true), H("family_name", "family_name"), H("family_registration_date", "family_registration_date"), H("family_location_current", "family_location_current") },
            ["reports"] = new JsonArray { H("name", "name"), H("description", "description") },
            ["tasks"] = new JsonArray { H("id", "record_id_display"), H("name", "name"), H("priority", "priority"), H("type", "type"), H("due_date", "due_date"), H("status", "status") },
            ["bulk_exports"] = new JsonArray { H("file_name", "file_name"), H("record_type", "record_type"), H("started_on", "started_on") },
            ["audit_logs"] = new JsonArray { H("timestamp", "timestamp"), H("user_name", "user_name"), H("action", "action"), H("description", "description"), H("record_owner", "record_owner") },
            ["agencies"] = new JsonArray { H("agency.name", "name"), H("description", "description") },
            ["users"] = new JsonArray { H("full_name", "full_name"), H("user_name", "user_name"), H("position", "position"), H("agency", "agency") },
            ["user_groups"] = new JsonArray { H("user_group.name", "name"), H("description", "description") },
            ["locations"] = new JsonArray { H("name", "name"), H("location.code", "code"), H("location.admin_level", "admin_level"), H("location.type", "type"), H("location.hierarchy", "hierarchy") },
        };
    }
}
