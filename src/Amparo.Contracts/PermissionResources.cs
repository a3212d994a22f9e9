namespace Amparo.Contracts;

/// <summary>
/// A role's permission resources as a user's <c>permissions.list</c> names them on the wire. Roles store and take
/// Primero's singular names (<c>case</c>, <c>role</c>, <c>code_of_conduct</c>); Primero's user JSON pluralises them as
/// Rails does (<c>cases</c>, <c>roles</c>, <c>codes_of_conduct</c>; <c>metadata</c> stays), and its web client checks
/// the plural names. Server and Amparo's own client translate with this one table.
/// </summary>
public static class PermissionResources
{
    private static readonly Dictionary<string, string> Plural = new(StringComparer.Ordinal)
    {
        ["case"] = "cases",
        ["incident"] = "incidents",
        ["tracing_request"] = "tracing_requests",
        ["family"] = "families",
        ["registry_record"] = "registry_records",
        ["potential_match"] = "potential_matches",
        ["role"] = "roles",
        ["user"] = "users",
        ["user_group"] = "user_groups",
        ["agency"] = "agencies",
        ["webhook"] = "webhooks",
        ["metadata"] = "metadata",
        ["system"] = "systems",
        ["report"] = "reports",
        ["managed_report"] = "managed_reports",
        ["dashboard"] = "dashboards",
        ["audit_log"] = "audit_logs",
        ["usage_report"] = "usage_reports",
        ["matching_configuration"] = "matching_configurations",
        ["duplicate"] = "duplicates",
        ["code_of_conduct"] = "codes_of_conduct",
        ["activity_log"] = "activity_logs",
        ["kpi"] = "kpis",
        ["primero_configuration"] = "primero_configurations",
    };

    private static readonly Dictionary<string, string> Singular = Plural.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The wire name of a role's resource; an unknown resource is passed on as it is.</summary>
    public static string ToWire(string resource) => Plural.GetValueOrDefault(resource, resource);

    /// <summary>The role's resource a wire name stands for; an unknown name is passed on as it is.</summary>
    public static string FromWire(string name) => Singular.GetValueOrDefault(name, name);
}
