using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

public sealed class MigrationTests
{
    /// <summary>Every model change has a generated migration on both providers (none forgotten, none hand-edited away).</summary>
    [Fact]
    public void Migrations_CoverTheModel_OnBothProviders()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite model has changes without a migration");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL model has changes without a migration");
        Assert.Equal(sqlite.Database.GetMigrations().Count(), postgres.Database.GetMigrations().Count());
    }
}
