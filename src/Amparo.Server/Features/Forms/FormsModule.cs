namespace Amparo.Server.Features.Forms;

/// <summary>Forms and modules: their definitions, published versions and option lists.</summary>
internal static class FormsModule
{
    public static IHostApplicationBuilder AddForms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<FormCatalog>();
        builder.Services.AddSingleton<FormDefinitionCache>();
        builder.Services.AddSingleton<OptionSourceCache>();
        builder.Services.AddScoped<OptionCatalog>();
        builder.Services.AddScoped<FormPublisher>();
        return builder;
    }
}
