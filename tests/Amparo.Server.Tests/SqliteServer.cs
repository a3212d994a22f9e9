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

/// <summary>On a temporary SQLite file; the base of servers with extra configuration.</summary>
public class SqliteServer : AmparoServer
{
    private readonly string _file;

    public SqliteServer() : this(Path.Combine(Path.GetTempPath(), $"amparo-test-{Guid.NewGuid():N}.db")) { }

    private protected SqliteServer(string file) => _file = file;

    protected override string DatabaseProvider => "Sqlite";
    protected override string ConnectionString => $"Data Source={_file}";

    /// <summary>Leave the file behind when disposed (the template).</summary>
    private protected bool KeepDatabase { get; init; }

    public override async Task InitializeAsync()
    {
        if (UseTemplate) File.Copy(await SqliteTemplate.FileAsync(), _file);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Only this database's pool: ClearAllPools would also close the connections of servers running alongside.
            using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
            if (!KeepDatabase)
                foreach (var f in new[] { _file, _file + "-wal", _file + "-shm", _file + "-journal" }) File.Delete(f);
        }
    }
}

/// <summary>On a SQLite file of its own that the server migrates and prepares itself, for tests of the first start.</summary>
public sealed class FreshSqliteServer : SqliteServer
{
    protected override bool UseTemplate => false;
}

/// <summary>The SQLite file every <see cref="SqliteServer"/> of this test run starts from, prepared once.</summary>
internal static class SqliteTemplate
{
    private static readonly Lazy<Task<string>> Prepared = new(PrepareAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> FileAsync() => Prepared.Value;

    private static async Task<string> PrepareAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"amparo-template-{Guid.NewGuid():N}.db");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        var builder = new Builder(file);
        await builder.InitializeAsync();
        await builder.DisposeAsync();
        // The journal is folded into the file once the last connection closed (its pool was cleared): the file is whole.
        if (File.Exists(file + "-wal") || File.Exists(file + "-journal"))
            throw new InvalidOperationException("The SQLite template still has a journal beside it; copies of the file alone would miss changes.");
        return file;
    }

    private sealed class Builder : SqliteServer
    {
        public Builder(string file) : base(file) => KeepDatabase = true;

        protected override bool UseTemplate => false;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await WaitPromotedReadyAsync();
        }
    }
}
