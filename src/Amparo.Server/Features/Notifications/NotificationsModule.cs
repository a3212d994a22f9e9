using Amparo.Server.Features.Transitions;

namespace Amparo.Server.Features.Notifications;

/// <summary>E-mail and web push, sent in the background.</summary>
internal static class NotificationsModule
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebPushOptions>(builder.Configuration.GetSection("WebPush"));
        services.AddSingleton<WebPushSender>();
        services.AddSingleton<NotificationQueue>();
        services.AddScoped<NotificationService>();
        services.AddScoped<NotificationDelivery>();
        services.AddHostedService<NotificationWorker>();
        // Transitions announce themselves through their own port; this feature is what delivers the news.
        services.AddScoped<ITransitionNotifier, TransitionNotifications>();
        return builder;
    }
}
