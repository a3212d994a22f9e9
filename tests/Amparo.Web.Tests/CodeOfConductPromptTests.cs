using System.Net;
using System.Text;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Amparo.Web.Tests;

public sealed class CodeOfConductPromptTests : ComponentTest
{
    private sealed class FakeServer(bool published) : HttpMessageHandler
    {
        public List<string> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            var (status, body) = request.RequestUri.AbsolutePath switch
            {
                "/api/v2/codes_of_conduct" when published => (HttpStatusCode.OK, """{"data":{"id":5,"title":"Our code","content":"Do no harm."}}"""),
                "/api/v2/codes_of_conduct" => (HttpStatusCode.NotFound, """{"errors":[{"status":404,"resource":"/api/v2/codes_of_conduct","message":"Not Found"}]}"""),
                "/api/v2/codes_of_conduct/accept" => (HttpStatusCode.OK, """{"data":{"code_of_conduct_id":5}}"""),
                _ => (HttpStatusCode.NotFound, "{}"),
            };
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private FakeServer Setup(bool published)
    {
        var server = new FakeServer(published);
        UseServer(server);
        return server;
    }

    [Fact]
    public void UnacceptedCode_IsShown_UntilAccepted()
    {
        var server = Setup(published: true);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        var cut = Ctx.Render<CodeOfConductPrompt>();
        cut.WaitForAssertion(() => Assert.Contains("Do no harm.", cut.Markup, StringComparison.Ordinal));
        cut.Find("[data-testid=accept-code-of-conduct]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=code-of-conduct]")));
        Assert.Contains("POST /api/v2/codes_of_conduct/accept", server.Calls);
    }

    [Fact]
    public void NoPublishedCode_ShowsNothing()
    {
        Setup(published: false);
        var cut = Ctx.Render<CodeOfConductPrompt>();
        Assert.Empty(cut.FindAll("[data-testid=code-of-conduct]"));
    }
}
