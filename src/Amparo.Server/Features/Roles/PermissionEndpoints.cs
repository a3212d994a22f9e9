using Amparo.Server.Features.Auth;
using System.Text.Json.Nodes;

namespace Amparo.Server.Features.Roles;

internal static class PermissionEndpoints
{
    public static IEndpointRouteBuilder MapPermissionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/permissions", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["management"] = new JsonArray([.. PermissionCatalog.Management.Select(m => (JsonNode?)m)]),
                ["resource_actions"] = new JsonObject(PermissionCatalog.ResourceActions.Select(kv =>
                    KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray([.. kv.Value.Select(a => (JsonNode?)a)])))),
            },
        })).WithTags("Roles").PermissionDecidedByHandler("the vocabulary is the same for everyone and names no user or record").WithSummary("The permission vocabulary: scope levels and every resource's actions.");
        return api;
    }
}
