using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amparo.Server.Tests;

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink, ConcurrentQueue<string> errors) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink, errors);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> sink, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{category}: {formatter(state, exception)} {exception}";
            sink.Enqueue(line);
            if (logLevel >= LogLevel.Error) errors.Enqueue($"[{logLevel}] {line}");
            // Structured values count too: a name hidden in a property would still be shipped to the log store.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) sink.Enqueue($"{category}: {key}={value}");
        }
    }
}

public sealed class UnexpectedServerErrorException(string message) : Exception(message);

/// <summary>
/// The base of test classes on an <see cref="AmparoServer"/>: xUnit disposes the class after each test, and a throw
/// there fails that test, so an error the server logged during it shows in the results as a failed test.
/// </summary>
public abstract class ServerTests(AmparoServer server) : IDisposable
{
    public void Dispose() => server.ThrowIfUnexpectedErrors();
}
