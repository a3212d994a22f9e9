namespace Amparo.Server.Platform.Background;

/// <summary>
/// Wakes a background worker whose work is in the database when a request stored some, so it follows closely without
/// polling hard; the worker still looks every few seconds for work another process stored or a dead one left. Each
/// worker has its own subclass, so each is its own singleton.
/// </summary>
internal abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Nudge()
    {
        // At most one wake-up pending: many writes while the worker works need one more pass, not one each.
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _wake.Dispose();
    }
}
