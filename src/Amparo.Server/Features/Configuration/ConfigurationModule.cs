namespace Amparo.Server.Features.Configuration;

/// <summary>Configuration import (a Primero configuration export).</summary>
internal static class ConfigurationModule
{
    public static IHostApplicationBuilder AddConfigurationImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrimeroImport>();
        return builder;
    }
}
