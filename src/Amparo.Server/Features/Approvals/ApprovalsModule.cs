namespace Amparo.Server.Features.Approvals;

/// <summary>Approval requests on records and their answers.</summary>
internal static class ApprovalsModule
{
    public static IHostApplicationBuilder AddApprovals(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApprovalChange>();
        return builder;
    }
}
