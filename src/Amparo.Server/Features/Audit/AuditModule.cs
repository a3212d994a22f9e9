namespace Amparo.Server.Features.Audit;

/// <summary>Audit: the tamper-evident audit chain, of every API call too.</summary>
internal static class AuditModule
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        // Writers insert into the outbox; the chainer alone appends to the chain (ADR 0017).
        builder.Services.AddSingleton<AuditSignal>();
        builder.Services.AddHostedService<AuditChainer>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<RequestAuditScope>();
        builder.Services.AddSingleton<AuditOutboxWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditOutboxWriter>());
        return builder;
    }

    /// <summary>Every API call into the audit chain; after authentication, so the entry names the caller.</summary>
    public static IApplicationBuilder UseRequestAudit(this IApplicationBuilder app) => app.UseMiddleware<RequestAuditMiddleware>();

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        api.MapAuditEndpoints();
        api.MapAccessLogEndpoints();
        return api;
    }
}
