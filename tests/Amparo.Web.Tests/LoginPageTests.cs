using System.Net;
using System.Text;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Amparo.Web.Tests;

public sealed class LoginPageTests : ComponentTest
{
    private sealed class FakeServer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private FakeServer Setup(HttpStatusCode status, string body)
    {
        var server = new FakeServer(status, body);
        UseServer(server);
        return server;
    }

    [Fact]
    public void WrongPassword_ShowsTheError_AndStaysOnLogin()
    {
        var server = Setup(HttpStatusCode.Unauthorized, """{"error":"Invalid User name or password."}""");
        var cut = Ctx.Render<Login>();
        cut.Find("#user_name").Input("amina");
        cut.Find("#password").Input("wrong");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Invalid user name or password.", cut.Find("[data-testid=login-error]").TextContent, StringComparison.Ordinal));
        var login = Assert.Single(server.Requests);
        Assert.Equal("csrf-123", login.Headers.GetValues("X-CSRF-Token").Single());
        Assert.False(Ctx.Services.GetRequiredService<SessionState>().IsSignedIn);
    }

    [Fact]
    public void RightPassword_SignsInAndOpensTheCaseList()
    {
        Setup(HttpStatusCode.OK, """{"id":1,"user_name":"amina","group_permission":"self"}""");
        var cut = Ctx.Render<Login>();
        cut.Find("#user_name").Input("amina");
        cut.Find("#password").Input("secret");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.EndsWith("/cases", Ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal("amina", Ctx.Services.GetRequiredService<SessionState>().UserName);
    }

    [Fact]
    public void Throttled_SaysToWait()
    {
        Setup(HttpStatusCode.TooManyRequests, "{}");
        var cut = Ctx.Render<Login>();
        cut.Find("#user_name").Input("amina");
        cut.Find("#password").Input("secret");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Too many attempts", cut.Markup, StringComparison.Ordinal));
    }
}
