namespace Amparo.Server.Features.Notifications;

internal static class NotificationSetup
{
    public static IServiceCollection AddAmparoNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebPushOptions>(configuration.GetSection("WebPush"));
        services.AddSingleton<WebPushSender>();
        services.AddSingleton<NotificationQueue>();
        services.AddScoped<NotificationService>();
        services.AddScoped<NotificationDelivery>();
        services.AddHostedService<NotificationWorker>();
        return services;
    }
}
