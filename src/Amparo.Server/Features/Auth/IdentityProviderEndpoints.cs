using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

internal static class IdentityProviderEndpoints
{
    /// <summary><c>GET /api/v2/identity_providers</c>: public, for the login page; the configured providers and the mode.</summary>
    public static IEndpointRouteBuilder MapIdentityProviderEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/identity_providers", (ExternalTokenValidator validator, IOptions<AuthOptions> options) => Results.Json(new JsonObject
        {
            ["data"] = new JsonArray([.. validator.Providers.Select((p, i) => (JsonNode?)ExternalTokenValidator.ToJson(p, i))]),
            ["metadata"] = new JsonObject { ["use_identity_provider"] = options.Value.UseIdentityProvider },
        })).AllowAnonymous().WithTags("Auth");
        return api;
    }
}
