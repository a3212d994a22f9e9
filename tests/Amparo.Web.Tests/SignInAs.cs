using System.Net;
using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

internal static class SignInAs
{
    /// <summary>
    /// Signs user 1 in under <paramref name="userName"/> with these permissions: transitions and approvals depend on who
    /// the user is (the recipient, the sender, the owner), not only on what the role allows.
    /// </summary>
    public static async Task<FakeApi> SignInAsAsync(this BunitContext ctx, FakeApi api, string userName, params (string Resource, string Action)[] permissions)
    {
        var list = FakeApi.PermissionList(permissions);
        api.On("GET", "/api/v2/users/1", HttpStatusCode.OK, $$"""{"data":{"id":1,"user_name":"{{userName}}","permissions":{"list":[{{list}}]} } }""");
        ctx.JSInterop.Setup<string?>("amparo.storageGet", "amparo.user").SetResult($"1:{userName}");
        await ctx.Services.GetRequiredService<SessionState>().RestoreAsync();
        return api;
    }
}
