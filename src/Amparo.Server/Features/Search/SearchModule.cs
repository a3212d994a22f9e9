namespace Amparo.Server.Features.Search;

/// <summary>The search index of records (names and identifiers).</summary>
internal static class SearchModule
{
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SearchIndex>();
        return builder;
    }
}
