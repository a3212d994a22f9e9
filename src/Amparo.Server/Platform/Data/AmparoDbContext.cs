using System.Linq.Expressions;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// The one DbContext. Every tenant-owned entity is filtered to the current tenant and stamped with it
/// on insert, so no query or write can cross tenants by forgetting a WHERE clause.
/// Each provider has a subclass so that its migrations are kept apart (ADR 0001) and its JSON functions mapped (ADR 0006).
/// </summary>
internal abstract class AmparoDbContext(DbContextOptions options, TenantContext tenant) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<FormSectionEntity> FormSections => Set<FormSectionEntity>();
    public DbSet<ModuleEntity> Modules => Set<ModuleEntity>();
    public DbSet<RecordEntity> Records => Set<RecordEntity>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<UserGroup> UserGroups => Set<UserGroup>();
    public DbSet<UserGroupMembership> UserGroupMemberships => Set<UserGroupMembership>();
    public DbSet<RecordUser> RecordUsers => Set<RecordUser>();
    public DbSet<RecordGroup> RecordGroups => Set<RecordGroup>();
    public DbSet<RecordAgency> RecordAgencies => Set<RecordAgency>();

    /// <summary>The tenant the filters use; read per query, so a context follows its scope's tenant.</summary>
    internal Guid CurrentTenantId => tenant.TenantId;

    private static readonly string[] TransitionNameColumns =
    [
        "TransitionedTo", "TransitionedBy", "RecordOwnedBy", "TransitionedToAgency", "TransitionedByUserAgency", "TransitionedToUserAgency",
        "RecordOwnedByAgency", "AuthorizedRoleUniqueId", "TypeOfExport", "Service", "ServiceRecordId",
    ];

    private static readonly string[] ContactTextColumns = ["Name", "Organization", "Phone", "Email", "Location", "Position", "SupportForum", "OtherInformation"];

    /// <summary>The column type of JSON documents on this provider.</summary>
    protected abstract string JsonColumnType { get; }

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
        b.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.HostName).HasMaxLength(253);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.HostName).IsUnique();
        });
        b.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.FullName).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Locale).HasMaxLength(10);
            e.Property(x => x.TwoFactorSecret).HasMaxLength(500);
            e.Property(x => x.IdentityProviderUniqueId).HasMaxLength(100);
            // Defaults for the users that existed before notifications: mail on, as Primero's send_mail defaults.
            // The sentinel makes EF send an explicit false rather than leave it to the column default.
            e.Property(x => x.SendMail).HasDefaultValue(true).HasSentinel(true);
            e.Property(x => x.NotificationSettings).HasColumnType(JsonColumnType).HasDefaultValue("{}");
            e.Ignore(x => x.HasSecondFactor);
            e.HasIndex(x => new { x.TenantId, x.UserName }).IsUnique();
            e.HasOne<Role>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.CsrfToken).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.UserId });
        });
        b.Entity<FormSectionEntity>(e =>
        {
            e.ToTable("form_sections");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.ParentForm).HasMaxLength(50);
            e.Property(x => x.Definition).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<ModuleEntity>(e =>
        {
            e.ToTable("primero_modules");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.AssociatedRecordTypes).HasColumnType(JsonColumnType);
            e.Property(x => x.FormSectionUniqueIds).HasColumnType(JsonColumnType);
            e.Property(x => x.Extra).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<RecordEntity>(e =>
        {
            e.ToTable("records");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.ModuleId).HasMaxLength(100);
            e.Property(x => x.ShortId).HasMaxLength(16);
            e.Property(x => x.CaseIdDisplay).HasMaxLength(64);
            e.Property(x => x.OwnedBy).HasMaxLength(100);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(30);
            e.Property(x => x.Workflow).HasMaxLength(50);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Data).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.RecordType, x.ShortId }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.RecordType, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.RecordType, x.OwnedByUserId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.RecordType, x.Status });
            e.HasIndex(x => new { x.TenantId, x.IncidentCaseId });
            e.Property(x => x.IdentifiedBy).HasMaxLength(100);
            e.Property(x => x.SyncStatus).HasMaxLength(20);
            e.HasIndex(x => new { x.TenantId, x.IdentifiedByUserId });
        });
        b.Entity<Role>(e =>
        {
            e.ToTable("roles");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.GroupPermission).HasMaxLength(20);
            e.Property(x => x.Permissions).HasColumnType(JsonColumnType);
            e.Property(x => x.ModuleUniqueIds).HasColumnType(JsonColumnType);
            e.Property(x => x.FormSectionReadWrite).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<Agency>(e =>
        {
            e.ToTable("agencies");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.AgencyCode).HasMaxLength(100);
            e.Property(x => x.Name).HasColumnType(JsonColumnType);
            e.Property(x => x.Description).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.AgencyCode }).IsUnique();
        });
        b.Entity<UserGroup>(e =>
        {
            e.ToTable("user_groups");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<UserGroupMembership>(e =>
        {
            e.ToTable("user_group_memberships");
            e.HasKey(x => new { x.UserId, x.UserGroupId });
            e.HasIndex(x => x.UserGroupId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<UserGroup>().WithMany().HasForeignKey(x => x.UserGroupId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordUser>(e =>
        {
            e.ToTable("record_users");
            e.Property(x => x.Relation).HasMaxLength(30);
            e.HasKey(x => new { x.RecordId, x.UserId, x.Relation });
            e.HasIndex(x => new { x.UserId, x.RecordId });
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordGroup>(e =>
        {
            e.ToTable("record_groups");
            e.HasKey(x => new { x.RecordId, x.UserGroupId });
            e.HasIndex(x => new { x.UserGroupId, x.RecordId });
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RecordAgency>(e =>
        {
            e.ToTable("record_agencies");
            e.HasKey(x => new { x.RecordId, x.AgencyId });
            e.HasIndex(x => new { x.AgencyId, x.RecordId });
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Features.PasswordReset.PasswordResetToken>(e =>
        {
            e.ToTable("password_reset_tokens");
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.CodeOfConduct.CodeOfConductVersion>(e =>
        {
            e.ToTable("codes_of_conduct");
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
        });
        b.Entity<RevokedToken>(e =>
        {
            e.ToTable("revoked_tokens");
            e.Property(x => x.TokenId).HasMaxLength(200);
            e.HasKey(x => new { x.TenantId, x.TokenId });
        });
        b.Entity<RecoveryCode>(e =>
        {
            e.ToTable("recovery_codes");
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.CodeHash });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.SavedSearches.SavedSearch>(e =>
        {
            e.ToTable("saved_searches");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.ModuleIds).HasColumnType(JsonColumnType);
            e.Property(x => x.Filters).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UserId });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Attachments.Attachment>(e =>
        {
            e.ToTable("attachments");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.FieldName).HasMaxLength(100);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(120);
            e.Property(x => x.Description).HasMaxLength(1000);
            e.Property(x => x.Comments).HasMaxLength(2000);
            e.Property(x => x.SignatureProvidedBy).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.RecordId });
        });
        b.Entity<Features.CaseRelationships.CaseRelationship>(e =>
        {
            e.ToTable("case_relationships");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.RelationshipType).HasMaxLength(50);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.FromCaseId, x.ToCaseId, x.RelationshipType }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.ToCaseId });
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.FromCaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.ToCaseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Attachments.TenantKey>(e =>
        {
            e.ToTable("tenant_keys");
            e.Property(x => x.Purpose).HasMaxLength(50);
            e.Property(x => x.WrappedKey).HasMaxLength(2000);
            e.HasIndex(x => new { x.TenantId, x.Purpose }).IsUnique();
        });
        b.Entity<Features.Search.RecordSearchTerm>(e =>
        {
            e.ToTable("record_search_terms");
            e.Property(x => x.Kind).HasMaxLength(10);
            e.Property(x => x.Term).HasMaxLength(64);
            e.HasIndex(x => new { x.TenantId, x.Kind, x.Term, x.RecordId });
            e.HasIndex(x => x.RecordId);
        });
        b.Entity<Features.Traces.TraceEntity>(e =>
        {
            e.ToTable("traces");
            e.Property(x => x.TraceId).HasMaxLength(64);
            e.HasIndex(x => new { x.TenantId, x.TraceId });
            e.HasIndex(x => x.TracingRequestId);
            e.HasIndex(x => new { x.TenantId, x.MatchedCaseId });
        });
        b.Entity<Features.Webhooks.WebhookEntity>(e =>
        {
            e.ToTable("webhooks");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.Events).HasColumnType(JsonColumnType);
            e.Property(x => x.Metadata).HasColumnType(JsonColumnType);
            e.Property(x => x.RoleUniqueId).HasMaxLength(100);
            e.Property(x => x.ProtectedSecret).HasMaxLength(2000);
        });
        b.Entity<Features.Alerts.Alert>(e =>
        {
            e.ToTable("alerts");
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.AlertFor).HasMaxLength(50);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.FormUniqueId).HasMaxLength(100);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.RecordId });
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<Features.Transitions.Transition>(e =>
        {
            e.ToTable("transitions");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Type).HasMaxLength(30);
            e.Property(x => x.Status).HasMaxLength(30);
            e.Property(x => x.RecordType).HasMaxLength(30);
            foreach (var name in TransitionNameColumns) e.Property(name).HasMaxLength(100);
            e.Property(x => x.TransitionedToRemote).HasMaxLength(500);
            e.Property(x => x.Notes).HasMaxLength(4000);
            e.Property(x => x.RejectedReason).HasMaxLength(4000);
            e.Property(x => x.RejectionNote).HasMaxLength(4000);
            e.Property(x => x.TransitionedByUserGroups).HasColumnType(JsonColumnType);
            e.Property(x => x.TransitionedToUserGroups).HasColumnType(JsonColumnType);
            e.Property(x => x.RecordOwnedByGroups).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.RecordId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.TransitionedToUserId, x.Status });
            e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Flags.Flag>(e =>
        {
            e.ToTable("flags");
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.Message).HasMaxLength(2000);
            e.Property(x => x.UnflagMessage).HasMaxLength(2000);
            e.Property(x => x.FlaggedBy).HasMaxLength(100);
            e.Property(x => x.UnflaggedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.RecordId });
            e.HasIndex(x => new { x.TenantId, x.Date });
        });
        b.Entity<Features.History.RecordHistory>(e =>
        {
            e.ToTable("record_histories");
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.Action).HasMaxLength(20);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.Changes).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.RecordId, x.Id });
        });
        b.Entity<FormSectionVersion>(e =>
        {
            e.ToTable("form_section_versions");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Definition).HasColumnType(JsonColumnType);
            e.Property(x => x.Renames).HasColumnType(JsonColumnType);
            e.Property(x => x.PublishedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.UniqueId, x.Version }).IsUnique();
        });
        b.Entity<Features.SystemSettings.StoredSystemSettings>(e =>
        {
            e.ToTable("system_settings");
            e.Property(x => x.Settings).HasColumnType(JsonColumnType);
            e.HasIndex(x => x.TenantId).IsUnique();
        });
        b.Entity<Features.Reports.ReportDefinition>(e =>
        {
            e.ToTable("reports");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Name).HasColumnType(JsonColumnType);
            e.Property(x => x.Description).HasColumnType(JsonColumnType);
            e.Property(x => x.ModuleId).HasMaxLength(100);
            e.Property(x => x.RecordType).HasMaxLength(30);
            e.Property(x => x.Definition).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<Features.Lookups.Lookup>(e =>
        {
            e.ToTable("lookups");
            e.Property(x => x.UniqueId).HasMaxLength(100);
            e.Property(x => x.Name).HasColumnType(JsonColumnType);
            e.Property(x => x.Values).HasColumnType(JsonColumnType);
            e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        });
        b.Entity<Features.Locations.Location>(e =>
        {
            e.ToTable("locations");
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.Type).HasMaxLength(50);
            e.Property(x => x.Placename).HasColumnType(JsonColumnType);
            e.Property(x => x.HierarchyPath).HasMaxLength(1000);
            e.Ignore(x => x.ParentCode);
            e.Ignore(x => x.Ancestors);
            e.HasIndex(x => new { x.TenantId, x.Code }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.HierarchyPath });
        });
        b.Entity<WebAuthnCredential>(e =>
        {
            e.ToTable("security_keys");
            e.Property(x => x.CredentialId).HasMaxLength(1023);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => x.CredentialId).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.UserId });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.Audit.AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.Property(x => x.Action).HasMaxLength(120);
            e.Property(x => x.ActorUserName).HasMaxLength(100);
            e.Property(x => x.TargetType).HasMaxLength(60);
            e.Property(x => x.TargetId).HasMaxLength(100);
            // Plain text, not jsonb: the hash covers the exact bytes, and jsonb would reformat and reorder them.
            e.Property(x => x.Detail).HasMaxLength(4000);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.TenantId, x.Sequence }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.TargetType, x.TargetId });
        });
        b.Entity<Features.Audit.AuditOutboxEntry>(e =>
        {
            e.ToTable("audit_outbox");
            e.Property(x => x.Action).HasMaxLength(120);
            e.Property(x => x.ActorUserName).HasMaxLength(100);
            e.Property(x => x.TargetType).HasMaxLength(60);
            e.Property(x => x.TargetId).HasMaxLength(100);
            e.Property(x => x.Detail).HasMaxLength(4000);
            e.HasIndex(x => new { x.TenantId, x.Id });
        });
        b.Entity<Features.Notifications.WebPushSubscription>(e =>
        {
            e.ToTable("webpush_subscriptions");
            e.Property(x => x.NotificationUrl).HasMaxLength(2000);
            e.Property(x => x.Auth).HasMaxLength(1000);
            e.Property(x => x.P256dh).HasMaxLength(1000);
            e.HasIndex(x => new { x.TenantId, x.UserId });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Features.SystemSettings.ContactInformation>(e =>
        {
            e.ToTable("contact_information");
            e.HasIndex(x => x.TenantId).IsUnique();
            foreach (var p in ContactTextColumns) e.Property(p).HasMaxLength(1000);
        });

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

    protected override void MapJsonFunctions(ModelBuilder b) => JsonSql.MapPostgres(b);
}
