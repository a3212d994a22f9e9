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

    private sealed class ScriptedServer(Func<HttpRequestMessage, string, (HttpStatusCode, string)> answer) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Bodies.Add(body);
            var (status, json) = answer(request, body);
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }

    [Fact]
    public void SecurityKeyAccount_SignsIn_WithTheAssertionTheBrowserReturns()
    {
        var server = new ScriptedServer((request, body) => request.RequestUri!.AbsolutePath switch
        {
            "/api/v2/tokens" when body.Contains("\"webauthn\"", StringComparison.Ordinal) =>
                (HttpStatusCode.OK, """{"id":1,"user_name":"amina","group_permission":"self"}"""),
            "/api/v2/tokens" => (HttpStatusCode.Unauthorized,
                """{"error":"Two-factor code required.","two_factor_required":true,"two_factor_methods":["webauthn","recovery_code"],"webauthn_options":{"challenge":"abc","rpId":"localhost"}}"""),
            _ => (HttpStatusCode.OK, "{}"),
        });
        UseServer(server);
        var get = Ctx.JSInterop.Setup<string?>("amparo.webauthnGet", i => ((string)i.Arguments[0]!).Contains("\"challenge\":\"abc\"", StringComparison.Ordinal))
            .SetResult("""{"id":"k1","rawId":"k1","type":"public-key","response":{"signature":"sig"}}""");
        var cut = Ctx.Render<Login>();
        cut.Find("#user_name").Input("amina");
        cut.Find("#password").Input("secret");
        cut.Find("form").Submit();

        cut.WaitForElement("[data-testid=login-security-key]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/cases", Ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Single(get.Invocations);
        Assert.Contains(server.Bodies, b => b.Contains("\"signature\":\"sig\"", StringComparison.Ordinal) && b.Contains("\"password\":\"secret\"", StringComparison.Ordinal));
    }

    [Fact]
    public void SecurityKeyAccount_WhenTheKeyDoesNotAnswer_SaysSo_AndStaysSignedOut()
    {
        UseServer(new ScriptedServer((_, _) => (HttpStatusCode.Unauthorized,
            """{"error":"Two-factor code required.","two_factor_required":true,"two_factor_methods":["webauthn"],"webauthn_options":{"challenge":"abc"}}""")));
        Ctx.JSInterop.Setup<string?>("amparo.webauthnGet", _ => true).SetResult(null);
        var cut = Ctx.Render<Login>();
        cut.Find("#user_name").Input("amina");
        cut.Find("#password").Input("secret");
        cut.Find("form").Submit();

        cut.WaitForElement("[data-testid=login-security-key]").Click();

        cut.WaitForAssertion(() => Assert.Contains("The security key did not answer", cut.Find("[data-testid=login-error]").TextContent, StringComparison.Ordinal));
        Assert.False(Ctx.Services.GetRequiredService<SessionState>().IsSignedIn);
    }
}
