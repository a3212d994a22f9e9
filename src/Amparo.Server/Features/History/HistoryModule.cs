namespace Amparo.Server.Features.History;

/// <summary>The change history of records.</summary>
internal static class HistoryModule
{
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<HistoryLog>();
        return builder;
    }
}
