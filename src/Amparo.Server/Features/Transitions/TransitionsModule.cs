namespace Amparo.Server.Features.Transitions;

/// <summary>Transitions: assign, refer, transfer, and bulk assignment in the background.</summary>
internal static class TransitionsModule
{
    public static IHostApplicationBuilder AddTransitions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TransitionRecipients>();
        builder.Services.AddScoped<TransitionAccess>();
        builder.Services.AddScoped<TransitionService>();
        builder.Services.AddSingleton<BulkAssignQueue>();
        builder.Services.AddHostedService<BulkAssignWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTransitions(this IEndpointRouteBuilder api)
    {
        api.MapTransitionEndpoints();
        api.MapRemoteExportEndpoints();
        return api;
    }
}
