using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Amparo.Web.Tests;

/// <summary>
/// A bUnit context disposed asynchronously: MudBlazor registers services that only implement
/// IAsyncDisposable, which xUnit v2's synchronous Dispose of test classes cannot release.
/// </summary>
public abstract class ComponentTest : IAsyncLifetime
{
    protected BunitContext Ctx { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Ctx.DisposeAsync();

    /// <summary>The client's services, talking HTTP to <paramref name="server"/> instead of a real Amparo.</summary>
    protected void UseServer(HttpMessageHandler server)
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.JSInterop.Setup<string>("amparo.csrfToken").SetResult("csrf-123");
        Ctx.Services.AddMudServices();
        Ctx.Services.AddScoped(_ => new HttpClient(server) { BaseAddress = new Uri("http://localhost/") });
        Ctx.Services.AddScoped<ApiClient>();
        Ctx.Services.AddScoped<SessionState>();
        Ctx.Services.AddScoped<WebAuthn>();
        Ctx.Services.AddScoped<OptionStore>();
        Ctx.Services.AddScoped<FormStore>();
        Ctx.Services.AddScoped<UiText>();
    }
}
