namespace Amparo.Server.Features.Webhooks;

/// <summary>Webhooks: records pushed to external systems, in the background.</summary>
internal static class WebhooksModule
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SyncQueue>();
        builder.Services.AddHostedService<SyncSender>();
        var configuration = builder.Configuration;
        // Read when a handler is made, not now: settings a host adds after this call (tests do) still count.
        builder.Services.AddHttpClient(SyncSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => WebhookNetwork.Handler(configuration.GetValue(WebhookNetwork.AllowPrivateSetting, false)));
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        api.MapWebhookEndpoints();
        api.MapRecordSyncEndpoints();
        return api;
    }
}
