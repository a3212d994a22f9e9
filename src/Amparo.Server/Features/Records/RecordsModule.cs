namespace Amparo.Server.Features.Records;

/// <summary>Records of every type (cases, incidents, tracing requests, ...): who may see them, and their writes.</summary>
internal static class RecordsModule
{
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AssociationStore>();
        builder.Services.AddScoped<FieldPermissions>();
        builder.Services.AddScoped<RecordWrite>();
        // Records:MaxTextFieldLength and Records:MaxTextAreaLength; the defaults are the form engine's.
        var records = builder.Configuration.GetSection("Records");
        builder.Services.AddSingleton(new Amparo.Forms.TextLimits(
            records.GetValue("MaxTextFieldLength", Amparo.Forms.TextLimits.Default.TextField),
            records.GetValue("MaxTextAreaLength", Amparo.Forms.TextLimits.Default.TextArea)));
        builder.Services.AddSingleton(new RecordTotalOptions
        {
            ExactTotalUpTo = Math.Max(1, records.GetValue("ExactTotalUpTo", RecordTotalOptions.Default)),
        });
        builder.Services.AddScoped<RecordTotals>();
        builder.Services.AddScoped<RecordCounts>();
        builder.Services.AddScoped<RecordChanges>();                // the one record-change path (ADR 0018)
        builder.Services.AddScoped<CreateRecord>();
        builder.Services.AddScoped<UpdateRecord>();
        builder.Services.AddSingleton<PromotedFieldsSignal>();
        builder.Services.AddHostedService<PromotedFieldsBackfill>();    // answers kept in typed storage (ADR 0026)
        return builder;
    }
}
