using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Auth;

internal static class RequirePermissionExtensions
{
    /// <summary>
    /// The role must grant <paramref name="action"/> on <paramref name="resource"/> (or <c>manage</c> on it)
    /// before anything else happens: a 403 in Primero's envelope, even for an id that does not exist.
    /// </summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string resource, string action)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
            CurrentUser.From(context.HttpContext).Can(resource, action)
                ? await next(context)
                : ApiErrors.Forbidden(context.HttpContext));
        return builder;
    }
}
