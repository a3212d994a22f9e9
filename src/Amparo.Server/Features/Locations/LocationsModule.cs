namespace Amparo.Server.Features.Locations;

/// <summary>The location tree.</summary>
internal static class LocationsModule
{
    public static IHostApplicationBuilder AddLocations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<LocationTree>();
        return builder;
    }
}
