using System.Net;
using System.Text;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Amparo.Web.Tests;

public sealed class PasswordResetPageTests : ComponentTest
{
    private sealed class FakeServer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        /// <summary>The body of the last write (POST/PATCH) the page sent; reads that follow do not replace it.</summary>
        public string? LastBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null) LastBody = await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private FakeServer Setup(HttpStatusCode status, string body)
    {
        var server = new FakeServer(status, body);
        UseServer(server);
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("password-reset?token=abc123");
        return server;
    }

    private static void Fill(IRenderedComponent<PasswordReset> cut, string password, string confirmation)
    {
        cut.Find("#new_password").Input(password);
        cut.Find("#new_password_confirmation").Input(confirmation);
        cut.Find("form").Submit();
    }

    [Fact]
    public void ValidNewPassword_IsSentWithTheLinksToken_AndOpensTheCaseList()
    {
        var server = Setup(HttpStatusCode.OK, """{"message":"user.password_reset.success","id":3,"user_name":"amina"}""");
        var cut = Ctx.Render<PasswordReset>();
        Fill(cut, "a-new-password", "a-new-password");
        cut.WaitForAssertion(() => Assert.EndsWith("/cases", Ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Contains("\"reset_password_token\":\"abc123\"", server.LastBody, StringComparison.Ordinal);
        Assert.Equal("amina", Ctx.Services.GetRequiredService<SessionState>().UserName);
    }

    [Fact]
    public void MismatchedPasswords_AreCaughtBeforeSending()
    {
        var server = Setup(HttpStatusCode.OK, "{}");
        var cut = Ctx.Render<PasswordReset>();
        Fill(cut, "a-new-password", "another-password");
        Assert.Contains("8 to 128", cut.Find("[data-testid=reset-error]").TextContent, StringComparison.Ordinal);
        Assert.Null(server.LastBody);
    }

    [Fact]
    public void ExpiredLink_SaysToAskForANewOne()
    {
        Setup(HttpStatusCode.UnprocessableEntity, """{"errors":[{"status":422,"resource":"/api/v2/users/password-reset","message":["x"],"detail":"reset_password_token"}]}""");
        var cut = Ctx.Render<PasswordReset>();
        Fill(cut, "a-new-password", "a-new-password");
        cut.WaitForAssertion(() => Assert.Contains("no longer valid", cut.Find("[data-testid=reset-error]").TextContent, StringComparison.Ordinal));
    }
}
