using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Records;

/// <summary>
/// A record as Primero's API shows it: a flat object with <c>id</c>, <c>enabled</c>, <c>last_updated_at</c>,
/// the system fields, and every stored answer as a top-level key.
/// </summary>
internal static class RecordWire
{
    /// <summary>Primero's <c>fields=short</c> summary set for cases.</summary>
    public static readonly IReadOnlySet<string> ShortFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "created_at", "owned_by", "owned_by_agency_id", "photos", "flag_count", "status", "record_in_scope", "short_id",
        "alert_count", "case_id_display", "name", "survivor_code_no", "age", "sex", "registration_date", "hidden_name",
        "workflow", "case_status_reopened", "module_id", "registry_record_id", "client_code", "gender",
        "reporting_location_hierarchy", "location_current",
    };

    /// <summary>
    /// The record as the user may see it: system fields, and the answers <paramref name="access"/> lets them read;
    /// only <paramref name="fields"/> of those when given (plus <c>id</c>, <c>enabled</c>, <c>last_updated_at</c>).
    /// </summary>
    public static JsonObject ToJson(RecordEntity r, FieldAccess access, IReadOnlySet<string>? fields = null)
    {
        var o = new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["enabled"] = r.RecordState,
            ["last_updated_at"] = ApiTime.Format(r.UpdatedAt),
        };
        foreach (var (key, value) in SystemFields(r))
            if (fields is null || fields.Contains(key)) o[key] = value;
        var data = JsonNode.Parse(r.Data)!.AsObject();
        foreach (var (key, value) in data)
            if (!o.ContainsKey(key) && access.CanRead(key) && (fields is null || fields.Contains(key))) o[key] = value?.DeepClone();
        if (access.Referral is { } referral && fields is null)
        {
            var forms = new JsonObject();
            foreach (var (form, level) in referral.Forms.OrderBy(kv => kv.Key, StringComparer.Ordinal)) forms[form] = level;
            o["permitted_forms"] = forms;
            o["permitted_form_actions"] = new JsonArray([.. referral.FormActions.Select(a => (JsonNode?)a)]);
        }
        return o;
    }

    /// <summary>Only the keys that a write changed, as Primero answers POST and PATCH; an answer the write removed shows as null.</summary>
    public static JsonObject Changed(RecordEntity r, FieldAccess access, IEnumerable<string> changedKeys)
    {
        var keys = new HashSet<string>(changedKeys, StringComparer.Ordinal);
        var o = ToJson(r, access, keys);
        foreach (var key in keys)
            if (!o.ContainsKey(key) && access.CanRead(key)) o[key] = null;
        return o;
    }

    public static IEnumerable<(string Key, JsonNode? Value)> SystemFields(RecordEntity r)
    {
        yield return ("record_state", r.RecordState);
        yield return ("status", r.Status);
        yield return ("workflow", r.Workflow);
        yield return ("module_id", r.ModuleId);
        var type = RecordType.Of(r.RecordType);
        yield return ("unique_identifier", r.UniqueIdentifier.ToString());
        yield return (type.IdField, r.UniqueIdentifier.ToString());
        yield return ("short_id", r.ShortId);
        if (type.DisplayIdField is { } display) yield return (display, r.CaseIdDisplay);
        yield return ("owned_by", r.OwnedBy);
        if (r.OwnedByAgencyId is { } agency) yield return ("owned_by_agency_id", agency);
        yield return ("created_by", r.CreatedBy);
        yield return ("associated_user_names", new JsonArray(r.OwnedBy));
        yield return ("registration_date", r.RegistrationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        yield return ("created_at", ApiTime.Format(r.CreatedAt));
        yield return ("record_in_scope", true);
        yield return ("flag_count", r.FlagCount);
        yield return ("flagged", r.FlagCount > 0);
        yield return ("alert_count", r.AlertCount);
        if (r.IncidentCaseId is { } caseId) yield return ("incident_case_id", caseId.ToString());
        if (r.IdentifiedBy is { } identifiedBy) yield return ("identified_by", identifiedBy);
        if (r.SyncedAt is { } syncedAt) yield return ("synced_at", ApiTime.Format(syncedAt));
        if (r.SyncStatus is { } syncStatus) yield return ("sync_status", syncStatus);
    }

    public static string ETag(RecordEntity r) => $"\"{r.Version}\"";

    /// <summary>The <c>fields</c> parameter: <c>short</c>, a comma list, or nothing (all fields).</summary>
    public static IReadOnlySet<string>? ParseFields(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields)) return null;
        if (fields == "short") return ShortFields;
        return fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }
}
