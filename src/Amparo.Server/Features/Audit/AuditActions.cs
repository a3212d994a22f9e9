using System.Text.RegularExpressions;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// What an API call did, in the words of Primero's audit log (its client translates <c>logger.actions.&lt;action&gt;</c>
/// and links <c>logger.resources.&lt;record_type&gt;</c>): <c>list</c>, <c>show</c>, <c>create</c>, <c>update</c>,
/// <c>delete</c>, <c>flag</c>, <c>refer</c>, <c>attach</c>... One table for the calls whose action is not the plain
/// list/show/create/update/delete their shape says; a handler that knows better (an approval's decision, a transfer's
/// answer) refines it through <see cref="RequestAuditScope.Action"/>.
/// </summary>
internal static partial class AuditActions
{
    /// <summary>Any record type's path segment (<c>cases</c>, <c>incidents</c>, ...) in <see cref="Table"/>'s routes.</summary>
    private const string Records = "{records}";

    /// <summary>(method, route below /api/v2 without parameter constraints) → Primero's action.</summary>
    private static readonly Dictionary<(string Method, string Route), string> Table = new()
    {
        [("POST", "/{records}/{id}/flags")] = "flag",
        [("POST", "/{records}/flags")] = "flag",
        [("PATCH", "/{records}/{id}/flags/{flagId}")] = "unflag",
        [("POST", "/{records}/{id}/attachments")] = "attach",
        [("DELETE", "/{records}/{id}/attachments/{attachmentId}")] = "detach",
        [("POST", "/{records}/{id}/assigns")] = "assign",
        [("POST", "/{records}/assigns")] = "bulk_assign",
        [("POST", "/{records}/{id}/referrals")] = "refer",
        [("POST", "/{records}/referrals")] = "refer",
        [("DELETE", "/{records}/{id}/referrals/{transitionId}")] = "refer_revoke",
        [("POST", "/{records}/{id}/transfers")] = "transfer",
        [("POST", "/{records}/transfers")] = "transfer",
        [("POST", "/{records}/{id}/transfer_requests")] = "transfer_request",
        [("POST", "/{records}/{id}/referrals/{transitionId}/export")] = "export",
        [("POST", "/{records}/{id}/transfers/{transitionId}/export")] = "export",
        [("GET", "/{records}/{id}/alerts")] = "show_alerts",
        [("GET", "/{records}/{id}/traces")] = "traces",
        [("POST", "/{records}/{id}/family")] = "create_family",
        [("POST", "/{records}/{id}/incidents")] = "incident_details_from_case",
        [("POST", "/{records}/{id}/case")] = "create",
        [("DELETE", "/{records}/{id}")] = "enable_disable_record",
        [("GET", "/users/assign-to")] = "assign_to",
        [("GET", "/users/refer-to")] = "refer_to",
        [("GET", "/users/transfer-to")] = "transfer_to",
        [("POST", "/users/{id}/password-reset-request")] = "user_password_reset_request",
        [("POST", "/locations/import")] = "import",
        [("POST", "/configurations/import_primero")] = "import",
        [("POST", "/locations/update_bulk")] = "update_bulk",
        [("POST", "/codes_of_conduct/accept")] = "update",
    };

    /// <summary>Primero's resource names (its models' names, underscored) for Amparo's paths.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["agencies"] = "agency", ["users"] = "user", ["roles"] = "role", ["user_groups"] = "user_group",
        ["forms"] = "form_section", ["lookups"] = "lookup", ["locations"] = "location", ["system_settings"] = "system_settings",
        ["permissions"] = "permission", ["dashboards"] = "dashboard", ["reports"] = "report", ["saved_searches"] = "saved_search",
        ["codes_of_conduct"] = "code_of_conduct", ["configurations"] = "primero_configuration", ["flags"] = "flag", ["alerts"] = "alert",
        ["audit_logs"] = "audit_log", ["tasks"] = "task", ["webhooks"] = "webhook", ["primero_modules"] = "primero_module",
        ["contact_information"] = "contact_information", ["exports"] = "bulk_export",
    };

    [GeneratedRegex(@"\{(\*{0,2}\w+)(?::[^}]*)?\??\}")]
    private static partial Regex Parameter();

    /// <summary>Primero's name of an audited record type (its model's: <c>case</c> → <c>child</c>); others are stored in Primero's words.</summary>
    public static string? WireResource(string? stored) => stored == "case" ? "child" : stored;

    /// <summary>The action, target type and target id of a call to <paramref name="routeTemplate"/> (e.g. <c>/api/v2/cases/{id:guid}</c>).</summary>
    public static (string Action, string? TargetType, string? TargetId) Describe(string method, string routeTemplate, Func<string, string?> routeValue, Guid? createdRecordId)
    {
        var route = Parameter().Replace(routeTemplate, "{$1}");
        if (route.StartsWith("/api/v2", StringComparison.Ordinal)) route = route["/api/v2".Length..];
        var segments = route.Trim('/').Split('/');
        var recordType = RecordType.All.FirstOrDefault(t => t.Path == segments[0]);
        if (recordType is not null) route = "/" + Records + route[(segments[0].Length + 1)..];

        string? targetType, targetId;
        if (recordType is not null)
        {
            targetType = recordType.Name;
            targetId = routeValue("id") ?? (segments.Length == 1 && method == "POST" ? createdRecordId?.ToString() : null);
        }
        else
        {
            targetType = Resources.GetValueOrDefault(segments[0]);
            targetId = routeValue("id");
        }
        if (Table.TryGetValue((method, route), out var action)) return (action, targetType, targetId);

        // The plain shapes: a collection is listed or added to, one of its members shown, changed or deleted.
        var member = segments[^1].StartsWith('{');
        action = (method, member) switch
        {
            ("GET", false) => "list",
            ("GET", true) => "show",
            ("POST", _) => "create",
            ("PATCH", _) => "update",
            ("DELETE", _) => "delete",
            _ => method.ToLowerInvariant(),
        };
        return (action, targetType, targetId);
    }
}
