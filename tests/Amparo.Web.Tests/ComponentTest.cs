using Bunit;

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
}
