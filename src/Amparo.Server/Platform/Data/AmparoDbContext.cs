using System.Linq.Expressions;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// The one DbContext. Every tenant-owned entity is filtered to the current tenant and stamped with it
/// on insert, so no query or write can cross tenants by forgetting a WHERE clause.
/// Each provider has a subclass so that its migrations are kept apart (ADR 0001) and its JSON functions mapped (ADR 0006).
/// Features map their own entities (an <see cref="IEntityTypeConfiguration{TEntity}"/> beside each entity) and
/// name their tables as extension properties (<c>db.Users</c>), so this context knows no feature.
/// </summary>
internal abstract class AmparoDbContext(DbContextOptions options, TenantContext tenant) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    /// <summary>The tenant the filters use; read per query, so a context follows its scope's tenant.</summary>
    internal Guid CurrentTenantId => tenant.TenantId;

    /// <summary>How many of this context's saves made the tenant's stamps new (<see cref="TenantStampsInterceptor"/>).</summary>
    internal int StampsChanged { get; set; }

    /// <summary>The column type of JSON documents on this provider.</summary>
    protected abstract string JsonColumnType { get; }

    /// <summary>The collation that compares text bytewise on this provider, where its default does not.</summary>
    protected virtual string? BytewiseCollation => null;

    /// <summary>Maps <see cref="JsonSql"/> and <see cref="JsonArrayItems"/> to this provider's JSON functions.</summary>
    protected abstract void MapJsonFunctions(ModelBuilder b);

    /// <summary>
    /// The elements of a JSON array (from <see cref="JsonSql.Array"/>) as text rows, for "the array contains"
    /// tests that run as a correlated <c>EXISTS</c>: <c>json_each</c> on SQLite, <c>jsonb_array_elements_text</c> on PostgreSQL.
    /// </summary>
    public IQueryable<JsonArrayItem> JsonArrayItems(string? array) => FromExpression(() => JsonArrayItems(array));

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Rows that only a table-valued function returns: no key, and no table for migrations to create.
        b.Entity<JsonArrayItem>(e =>
        {
            e.HasNoKey();
            e.ToTable((string?)null);
        });
        MapJsonFunctions(b);
        // Every IEntityTypeConfiguration in the server: each feature's, and the tenants table's.
        b.ApplyConfigurationsFromAssembly(typeof(AmparoDbContext).Assembly);
        JsonColumns.ApplyColumnType(b, JsonColumnType);
        BytewiseText.ApplyCollation(b, BytewiseCollation);

        foreach (var type in b.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList())
        {
            b.Entity(type.ClrType).HasQueryFilter(TenantFilter(type.ClrType));
            b.Entity(type.ClrType).Property(nameof(ITenantOwned.TenantId)).HasColumnName("tenant_id");
        }
        UseSnakeCaseNames(b);
    }

    private LambdaExpression TenantFilter(Type clrType)
    {
        var row = Expression.Parameter(clrType, "row");
        var rowTenant = Expression.Property(row, nameof(ITenantOwned.TenantId));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), row);
    }

    /// <summary>snake_case tables and columns, as PostgreSQL people (and Primero's schema) expect.</summary>
    private static void UseSnakeCaseNames(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = tenant.TenantId;
            else if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity.TenantId != tenant.TenantId)
                throw new InvalidOperationException("A row of another tenant cannot be written in this scope.");
        }
    }
}

internal sealed class SqliteAmparoDbContext(DbContextOptions<SqliteAmparoDbContext> options, TenantContext tenant)
    : AmparoDbContext(options, tenant)
{
    protected override string JsonColumnType => "TEXT";

    protected override void MapJsonFunctions(ModelBuilder b) => JsonSql.MapSqlite(b);

    // SQLite cannot order or compare DateTimeOffset; all our timestamps are UTC, so their binary form sorts correctly.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
}

internal sealed class PostgresAmparoDbContext(DbContextOptions<PostgresAmparoDbContext> options, TenantContext tenant)
    : AmparoDbContext(options, tenant)
{
    protected override string JsonColumnType => "jsonb";

    protected override string? BytewiseCollation => "C";

    protected override void MapJsonFunctions(ModelBuilder b) => JsonSql.MapPostgres(b);
}
