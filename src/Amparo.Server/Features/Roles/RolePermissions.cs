using System.Text.Json.Nodes;

namespace Amparo.Server.Features.Roles;

/// <summary>
/// A role's grants, parsed once from its stored JSON (<c>{"case": ["read", ...], "objects": {...}}</c>).
/// <c>manage</c> grants every action of its resource. Nothing is granted that is not listed.
/// </summary>
internal sealed class RolePermissions
{
    public static readonly RolePermissions None = new(new Dictionary<string, HashSet<string>>(), new JsonObject());

    private readonly Dictionary<string, HashSet<string>> _grants;

    private RolePermissions(Dictionary<string, HashSet<string>> grants, JsonObject objects)
    {
        _grants = grants;
        Objects = objects;
    }

    /// <summary>Primero's <c>objects</c>: the roles and agencies an administrator may act on, managed-report scope.</summary>
    public JsonObject Objects { get; }

    public IReadOnlyDictionary<string, HashSet<string>> Grants => _grants;

    public bool Can(string resource, string action) =>
        _grants.TryGetValue(resource, out var actions) && Permissions.Grants(actions, action);

    /// <summary>Holds <c>manage</c> on every resource that can be managed: Primero's super user.</summary>
    public bool IsSuperuser =>
        PermissionCatalog.ResourceActions.Where(kv => kv.Value.Contains(PermissionCatalog.Manage)).All(kv => Can(kv.Key, PermissionCatalog.Manage));

    /// <summary>Manages users without being a super user: Primero's user administrator.</summary>
    public bool IsUserAdmin => !IsSuperuser && Can("user", PermissionCatalog.Manage);

    public static RolePermissions Parse(string json)
    {
        var grants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var objects = new JsonObject();
        if (JsonNode.Parse(json) is JsonObject root)
        {
            foreach (var (resource, node) in root)
            {
                if (resource == "objects") { if (node is JsonObject o) objects = (JsonObject)o.DeepClone(); continue; }
                if (node is not JsonArray list) continue;
                grants[resource] = [.. list.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()];
            }
        }
        return new RolePermissions(grants, objects);
    }

    /// <summary>
    /// Checks a permissions object from a request: known resources and actions only (the rest is named in
    /// the returned problems), and returns it normalised for storage.
    /// </summary>
    public static (JsonObject Normalised, List<string> Problems) Validate(JsonObject input)
    {
        var problems = new List<string>();
        var normalised = new JsonObject();
        foreach (var (resource, node) in input)
        {
            if (resource == "objects")
            {
                if (node is JsonObject o) normalised["objects"] = o.DeepClone();
                else problems.Add("objects");
                continue;
            }
            if (!PermissionCatalog.ResourceActions.ContainsKey(resource) || node is not JsonArray actions) { problems.Add(resource); continue; }
            var kept = new JsonArray();
            foreach (var a in actions)
            {
                if (a is JsonValue v && v.TryGetValue<string>(out var action) && PermissionCatalog.IsKnown(resource, action))
                    kept.Add((JsonNode)JsonValue.Create(action));
                else problems.Add($"{resource}/{a?.ToJsonString()}");
            }
            normalised[resource] = kept;
        }
        return (normalised, problems);
    }
}
