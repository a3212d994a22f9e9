namespace Amparo.Server.Features.Attachments;

/// <summary>Files attached to records, encrypted at rest.</summary>
internal static class AttachmentsModule
{
    public static IHostApplicationBuilder AddAttachments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AttachmentStore>();
        return builder;
    }
}
