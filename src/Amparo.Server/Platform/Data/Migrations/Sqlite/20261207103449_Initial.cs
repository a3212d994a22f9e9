using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agencies",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    agency_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    unique_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    alert_for = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    form_unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    field_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    is_current = table.Column<bool>(type: "INTEGER", nullable: false),
                    comments = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    signature_provided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    actor_user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    target_type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    actor_user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    target_type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ready = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "codes_of_conduct",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    created_on = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_of_conduct", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_information",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    organization = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    position = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    support_forum = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    other_information = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_information", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "flags",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    flagged_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    unflag_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    unflagged_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    unflagged_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flags", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "form_section_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: true),
                    renames = table.Column<string>(type: "TEXT", nullable: false),
                    published_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    published_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_section_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "form_sections",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    parent_form = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_sections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "locations",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    admin_level = table.Column<int>(type: "INTEGER", nullable: false),
                    placename = table.Column<string>(type: "TEXT", nullable: false),
                    hierarchy_path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_locations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lookups",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    values = table.Column<string>(type: "TEXT", nullable: false),
                    locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "primero_modules",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    associated_record_types = table.Column<string>(type: "TEXT", nullable: false),
                    form_section_unique_ids = table.Column<string>(type: "TEXT", nullable: false),
                    extra = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_primero_modules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_histories",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    datetime = table.Column<long>(type: "INTEGER", nullable: false),
                    changes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_histories", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_search_terms",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    term = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_search_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    module_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    unique_identifier = table.Column<Guid>(type: "TEXT", nullable: false),
                    short_id = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    case_id_display = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    owned_by_user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    owned_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    record_state = table.Column<bool>(type: "INTEGER", nullable: false),
                    workflow = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    registration_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    flag_count = table.Column<int>(type: "INTEGER", nullable: false),
                    alert_count = table.Column<int>(type: "INTEGER", nullable: false),
                    search_text = table.Column<string>(type: "TEXT", nullable: false),
                    form_version = table.Column<long>(type: "INTEGER", nullable: false),
                    incident_case_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    identified_by_user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    identified_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    synced_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sync_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    module_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    editable = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revoked_tokens",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_tokens", x => new { x.tenant_id, x.token_id });
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    group_permission = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    permissions = table.Column<string>(type: "TEXT", nullable: false),
                    module_unique_ids = table.Column<string>(type: "TEXT", nullable: false),
                    form_section_read_write = table.Column<string>(type: "TEXT", nullable: false),
                    is_manager = table.Column<bool>(type: "INTEGER", nullable: false),
                    referral = table.Column<bool>(type: "INTEGER", nullable: false),
                    transfer = table.Column<bool>(type: "INTEGER", nullable: false),
                    referral_authorization = table.Column<bool>(type: "INTEGER", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    require_two_factor = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    csrf_token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "system_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    settings = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_system_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    wrapped_key = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tenant_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    host_name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "traces",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trace_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    tracing_request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    matched_case_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_groups",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    events = table.Column<string>(type: "TEXT", nullable: false),
                    role_unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false),
                    protected_secret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_relationships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    to_case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    relationship_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    primary = table.Column<bool>(type: "INTEGER", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_relationships", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_relationships_records_from_case_id",
                        column: x => x.from_case_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_case_relationships_records_to_case_id",
                        column: x => x.to_case_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "record_agencies",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agency_id = table.Column<int>(type: "INTEGER", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_agencies", x => new { x.record_id, x.agency_id });
                    table.ForeignKey(
                        name: "FK_record_agencies_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "record_groups",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_group_id = table.Column<int>(type: "INTEGER", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_groups", x => new { x.record_id, x.user_group_id });
                    table.ForeignKey(
                        name: "FK_record_groups_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "record_users",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    relation = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_users", x => new { x.record_id, x.user_id, x.relation });
                    table.ForeignKey(
                        name: "FK_record_users_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    transitioned_to = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    transitioned_to_user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    transitioned_to_remote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    transitioned_to_agency = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    transitioned_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    transitioned_by_user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    transitioned_by_user_agency = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    transitioned_by_user_groups = table.Column<string>(type: "TEXT", nullable: false),
                    transitioned_to_user_agency = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    transitioned_to_user_groups = table.Column<string>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    rejected_reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    rejection_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    remote = table.Column<bool>(type: "INTEGER", nullable: false),
                    type_of_export = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    service = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    service_record_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    consent_overridden = table.Column<bool>(type: "INTEGER", nullable: false),
                    consent_individual_transfer = table.Column<bool>(type: "INTEGER", nullable: false),
                    authorized_role_unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    allow_case_creation = table.Column<bool>(type: "INTEGER", nullable: false),
                    record_owned_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    record_owned_by_agency = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    record_owned_by_groups = table.Column<string>(type: "TEXT", nullable: false),
                    responded_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transitions", x => x.id);
                    table.ForeignKey(
                        name: "FK_transitions_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    full_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    role_id = table.Column<int>(type: "INTEGER", nullable: true),
                    agency_id = table.Column<int>(type: "INTEGER", nullable: true),
                    identity_provider_unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    failed_login_count = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    two_factor_secret = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    code_of_conduct_id = table.Column<int>(type: "INTEGER", nullable: true),
                    code_of_conduct_accepted_on = table.Column<long>(type: "INTEGER", nullable: true),
                    two_factor_last_step = table.Column<long>(type: "INTEGER", nullable: false),
                    has_security_key = table.Column<bool>(type: "INTEGER", nullable: false),
                    web_authn_ceremony = table.Column<string>(type: "TEXT", nullable: true),
                    web_authn_ceremony_expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    send_mail = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    receive_webpush = table.Column<bool>(type: "INTEGER", nullable: false),
                    notification_settings = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "{}"),
                    self_registered = table.Column<bool>(type: "INTEGER", nullable: false),
                    registration_stream = table.Column<string>(type: "TEXT", nullable: true),
                    unverified = table.Column<bool>(type: "INTEGER", nullable: false),
                    data_processing_consent_provided_on = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.id);
                    table.ForeignKey(
                        name: "FK_users_agencies_agency_id",
                        column: x => x.agency_id,
                        principalTable: "agencies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_users_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "password_reset_tokens",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_password_reset_tokens", x => x.id);
                    table.ForeignKey(
                        name: "FK_password_reset_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recovery_codes",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    code_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recovery_codes", x => x.id);
                    table.ForeignKey(
                        name: "FK_recovery_codes_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_searches",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    module_ids = table.Column<string>(type: "TEXT", nullable: false),
                    filters = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_searches", x => x.id);
                    table.ForeignKey(
                        name: "FK_saved_searches_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "security_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    credential_id = table.Column<byte[]>(type: "BLOB", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sign_count = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    aa_guid = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_keys", x => x.id);
                    table.ForeignKey(
                        name: "FK_security_keys_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_group_memberships",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    user_group_id = table.Column<int>(type: "INTEGER", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_group_memberships", x => new { x.user_id, x.user_group_id });
                    table.ForeignKey(
                        name: "FK_user_group_memberships_user_groups_user_group_id",
                        column: x => x.user_group_id,
                        principalTable: "user_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_user_group_memberships_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webpush_subscriptions",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    notification_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    auth = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    p256dh = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    failed_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webpush_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "FK_webpush_subscriptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agencies_tenant_id_agency_code",
                table: "agencies",
                columns: new[] { "tenant_id", "agency_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agencies_tenant_id_unique_id",
                table: "agencies",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_tenant_id_record_id",
                table: "alerts",
                columns: new[] { "tenant_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_tenant_id_unique_id",
                table: "alerts",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_attachments_tenant_id_record_id",
                table: "attachments",
                columns: new[] { "tenant_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_tenant_id_sequence",
                table: "audit_events",
                columns: new[] { "tenant_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_tenant_id_target_type_target_id",
                table: "audit_events",
                columns: new[] { "tenant_id", "target_type", "target_id" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_outbox_tenant_id_id",
                table: "audit_outbox",
                columns: new[] { "tenant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_from_case_id",
                table: "case_relationships",
                column: "from_case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_tenant_id_from_case_id_to_case_id_relationship_type",
                table: "case_relationships",
                columns: new[] { "tenant_id", "from_case_id", "to_case_id", "relationship_type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_tenant_id_to_case_id",
                table: "case_relationships",
                columns: new[] { "tenant_id", "to_case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_to_case_id",
                table: "case_relationships",
                column: "to_case_id");

            migrationBuilder.CreateIndex(
                name: "IX_contact_information_tenant_id",
                table: "contact_information",
                column: "tenant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_flags_tenant_id_date",
                table: "flags",
                columns: new[] { "tenant_id", "date" });

            migrationBuilder.CreateIndex(
                name: "IX_flags_tenant_id_record_id",
                table: "flags",
                columns: new[] { "tenant_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_form_section_versions_tenant_id_unique_id_version",
                table: "form_section_versions",
                columns: new[] { "tenant_id", "unique_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_form_sections_tenant_id_unique_id",
                table: "form_sections",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_locations_tenant_id_code",
                table: "locations",
                columns: new[] { "tenant_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_locations_tenant_id_hierarchy_path",
                table: "locations",
                columns: new[] { "tenant_id", "hierarchy_path" });

            migrationBuilder.CreateIndex(
                name: "IX_lookups_tenant_id_unique_id",
                table: "lookups",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_password_reset_tokens_token_hash",
                table: "password_reset_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_password_reset_tokens_user_id",
                table: "password_reset_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_primero_modules_tenant_id_unique_id",
                table: "primero_modules",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_record_agencies_agency_id_record_id",
                table: "record_agencies",
                columns: new[] { "agency_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_groups_user_group_id_record_id",
                table: "record_groups",
                columns: new[] { "user_group_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_histories_tenant_id_record_id_id",
                table: "record_histories",
                columns: new[] { "tenant_id", "record_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_search_terms_record_id",
                table: "record_search_terms",
                column: "record_id");

            migrationBuilder.CreateIndex(
                name: "IX_record_search_terms_tenant_id_kind_term_record_id",
                table: "record_search_terms",
                columns: new[] { "tenant_id", "kind", "term", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_users_user_id_record_id",
                table: "record_users",
                columns: new[] { "user_id", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_identified_by_user_id",
                table: "records",
                columns: new[] { "tenant_id", "identified_by_user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_incident_case_id",
                table: "records",
                columns: new[] { "tenant_id", "incident_case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_record_type_created_at",
                table: "records",
                columns: new[] { "tenant_id", "record_type", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_record_type_owned_by_user_id_created_at",
                table: "records",
                columns: new[] { "tenant_id", "record_type", "owned_by_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_record_type_short_id",
                table: "records",
                columns: new[] { "tenant_id", "record_type", "short_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_record_type_status",
                table: "records",
                columns: new[] { "tenant_id", "record_type", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_recovery_codes_user_id_code_hash",
                table: "recovery_codes",
                columns: new[] { "user_id", "code_hash" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_tenant_id_unique_id",
                table: "reports",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_roles_tenant_id_unique_id",
                table: "roles",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_saved_searches_tenant_id_user_id",
                table: "saved_searches",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_saved_searches_user_id",
                table: "saved_searches",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_security_keys_credential_id",
                table: "security_keys",
                column: "credential_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_security_keys_tenant_id_user_id",
                table: "security_keys",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_security_keys_user_id",
                table: "security_keys",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_tenant_id_user_id",
                table: "sessions",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_sessions_token_hash",
                table: "sessions",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_system_settings_tenant_id",
                table: "system_settings",
                column: "tenant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tenant_keys_tenant_id_purpose",
                table: "tenant_keys",
                columns: new[] { "tenant_id", "purpose" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tenants_code",
                table: "tenants",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tenants_host_name",
                table: "tenants",
                column: "host_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_traces_tenant_id_matched_case_id",
                table: "traces",
                columns: new[] { "tenant_id", "matched_case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_traces_tenant_id_trace_id",
                table: "traces",
                columns: new[] { "tenant_id", "trace_id" });

            migrationBuilder.CreateIndex(
                name: "IX_traces_tracing_request_id",
                table: "traces",
                column: "tracing_request_id");

            migrationBuilder.CreateIndex(
                name: "IX_transitions_record_id",
                table: "transitions",
                column: "record_id");

            migrationBuilder.CreateIndex(
                name: "IX_transitions_tenant_id_record_id_created_at",
                table: "transitions",
                columns: new[] { "tenant_id", "record_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_transitions_tenant_id_transitioned_to_user_id_status",
                table: "transitions",
                columns: new[] { "tenant_id", "transitioned_to_user_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_user_group_memberships_user_group_id",
                table: "user_group_memberships",
                column: "user_group_id");

            migrationBuilder.CreateIndex(
                name: "IX_user_groups_tenant_id_unique_id",
                table: "user_groups",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_agency_id",
                table: "users",
                column: "agency_id");

            migrationBuilder.CreateIndex(
                name: "IX_users_role_id",
                table: "users",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "IX_users_tenant_id_user_name",
                table: "users",
                columns: new[] { "tenant_id", "user_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webpush_subscriptions_tenant_id_user_id",
                table: "webpush_subscriptions",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_webpush_subscriptions_user_id",
                table: "webpush_subscriptions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "audit_outbox");

            migrationBuilder.DropTable(
                name: "case_relationships");

            migrationBuilder.DropTable(
                name: "codes_of_conduct");

            migrationBuilder.DropTable(
                name: "contact_information");

            migrationBuilder.DropTable(
                name: "flags");

            migrationBuilder.DropTable(
                name: "form_section_versions");

            migrationBuilder.DropTable(
                name: "form_sections");

            migrationBuilder.DropTable(
                name: "locations");

            migrationBuilder.DropTable(
                name: "lookups");

            migrationBuilder.DropTable(
                name: "password_reset_tokens");

            migrationBuilder.DropTable(
                name: "primero_modules");

            migrationBuilder.DropTable(
                name: "record_agencies");

            migrationBuilder.DropTable(
                name: "record_groups");

            migrationBuilder.DropTable(
                name: "record_histories");

            migrationBuilder.DropTable(
                name: "record_search_terms");

            migrationBuilder.DropTable(
                name: "record_users");

            migrationBuilder.DropTable(
                name: "recovery_codes");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropTable(
                name: "revoked_tokens");

            migrationBuilder.DropTable(
                name: "saved_searches");

            migrationBuilder.DropTable(
                name: "security_keys");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "system_settings");

            migrationBuilder.DropTable(
                name: "tenant_keys");

            migrationBuilder.DropTable(
                name: "tenants");

            migrationBuilder.DropTable(
                name: "traces");

            migrationBuilder.DropTable(
                name: "transitions");

            migrationBuilder.DropTable(
                name: "user_group_memberships");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropTable(
                name: "webpush_subscriptions");

            migrationBuilder.DropTable(
                name: "records");

            migrationBuilder.DropTable(
                name: "user_groups");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "agencies");

            migrationBuilder.DropTable(
                name: "roles");
        }
    }
}
