namespace Amparo.Server.Features.Alerts;

/// <summary>Alerts on records for their owners (changes by others, incidents from their cases).</summary>
internal static class AlertsModule
{
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AlertRules>();
        return builder;
    }
}
