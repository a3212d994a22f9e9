namespace Amparo.Server.Features.Users;

/// <summary>User accounts and their administration.</summary>
internal static class UsersModule
{
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserAdminScope>();
        builder.Services.AddScoped<SaveUser>();
        return builder;
    }
}
