using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Health;

/// <summary><c>/health</c> for operators and load balancers (checks the database), <c>/health/server</c> for Primero's client.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (AmparoDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? Results.Json(new { status = "ok" })
                : Results.Json(new { status = "database unavailable" }, statusCode: 503))
            .AllowAnonymous().WithTags("Health");
        // Primero's client probes this to (re)obtain its CSRF cookie and to detect that it is back online.
        app.MapGet("/health/server", () => Results.NoContent()).AllowAnonymous().WithTags("Health");
        return app;
    }
}
