using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Auth;

/// <summary>Endpoint metadata: the permission the role must grant before the handler runs.</summary>
internal sealed record RequiredPermission(string Resource, string Action);

/// <summary>Endpoint metadata: any one of these actions on the resource opens the endpoint.</summary>
internal sealed record RequiredAnyPermission(string Resource, IReadOnlyList<string> Actions);

/// <summary>
/// Endpoint metadata: the handler itself decides who may call it (the permission depends on the body, the record, or
/// the caller's own account), and says why here, so the endpoint walk in the tests can tell a decision from an omission.
/// </summary>
internal sealed record PermissionDecidedByHandler(string Why);

internal static class RequirePermissionExtensions
{
    /// <summary>
    /// The role must grant <paramref name="action"/> on <paramref name="resource"/> (or <c>manage</c> on it)
    /// before anything else happens: a 403 in Primero's envelope, even for an id that does not exist.
    /// </summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string resource, string action)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredPermission(resource, action));
        builder.AddEndpointFilter(async (context, next) =>
            CurrentUser.From(context.HttpContext).Can(resource, action)
                ? await next(context)
                : ApiErrors.Forbidden(context.HttpContext));
        return builder;
    }

    /// <summary>Like <see cref="RequirePermission"/>, for endpoints any of several actions opens.</summary>
    public static TBuilder RequireAnyPermission<TBuilder>(this TBuilder builder, string resource, string[] actions)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredAnyPermission(resource, actions));
        builder.AddEndpointFilter(async (context, next) =>
            actions.Any(a => CurrentUser.From(context.HttpContext).Can(resource, a)) ? await next(context) : ApiErrors.Forbidden(context.HttpContext));
        return builder;
    }

    /// <summary>Declares that the handler decides access itself (<paramref name="why"/> names the rule it applies).</summary>
    public static TBuilder PermissionDecidedByHandler<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionDecidedByHandler(why));
}
