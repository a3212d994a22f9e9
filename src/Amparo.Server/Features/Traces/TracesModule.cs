namespace Amparo.Server.Features.Traces;

/// <summary>Traces, the children a tracing request seeks, and their matching to cases.</summary>
internal static class TracesModule
{
    public static IHostApplicationBuilder AddTraces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TraceIndex>();
        builder.Services.AddScoped<TraceMatching>();
        return builder;
    }
}
