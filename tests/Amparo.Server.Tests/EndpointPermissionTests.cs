using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>
/// Walks every endpoint the server maps under <c>/api/v2</c>: each declares the permission it demands (and that
/// permission exists in Primero's catalogue), or says the handler decides, or is open to anonymous callers on purpose.
/// An endpoint added without any of these fails here.
/// </summary>
public sealed class EndpointPermissionTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    private IReadOnlyList<RouteEndpoint> ApiEndpoints() =>
        [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v2", StringComparison.Ordinal) == true)];

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}";

    [Fact]
    public void EveryApiEndpoint_DeclaresWhoMayCallIt()
    {
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count > 100, $"only {endpoints.Count} API endpoints found");
        var undeclared = endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<RequiredPermission>().Count == 0
                && e.Metadata.GetMetadata<RequiredAnyPermission>() is null
                && e.Metadata.GetMetadata<PermissionDecidedByHandler>() is null
                && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.True(undeclared.Count == 0, "Endpoints that declare no permission:\n" + string.Join('\n', undeclared));
    }

    [Fact]
    public void EveryDeclaredPermission_IsInThePermissionCatalogue()
    {
        var unknown = ApiEndpoints()
            .SelectMany(e => e.Metadata.GetOrderedMetadata<RequiredPermission>()
                .Concat(e.Metadata.GetOrderedMetadata<RequiredAnyPermission>().SelectMany(any => any.Actions.Select(a => new RequiredPermission(any.Resource, a))))
                .Select(p => (Endpoint: e, Permission: p)))
            .Where(x => !PermissionCatalog.ResourceActions.TryGetValue(x.Permission.Resource, out var actions) || !actions.Contains(x.Permission.Action))
            .Select(x => $"{Describe(x.Endpoint)} → {x.Permission.Resource}:{x.Permission.Action}").ToList();
        Assert.True(unknown.Count == 0, "Permissions missing from the catalogue:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void HandlerDecisions_SayWhichRuleTheyApply()
    {
        var vague = ApiEndpoints().Where(e => e.Metadata.GetMetadata<PermissionDecidedByHandler>() is { } d && d.Why.Trim().Length < 10)
            .Select(Describe).ToList();
        Assert.True(vague.Count == 0, string.Join('\n', vague));
    }
}
