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
                    action = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
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
                name: "form_sections",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unique_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    parent_form = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_sections", x => x.id);
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
                    form_section_unique_ids = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_primero_modules", x => x.id);
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
                    search_text = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
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
                    two_factor_last_step = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "IX_audit_events_tenant_id_sequence",
                table: "audit_events",
                columns: new[] { "tenant_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contact_information_tenant_id",
                table: "contact_information",
                column: "tenant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_form_sections_tenant_id_unique_id",
                table: "form_sections",
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
                name: "IX_record_users_user_id_record_id",
                table: "record_users",
                columns: new[] { "user_id", "record_id" });

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
                name: "IX_roles_tenant_id_unique_id",
                table: "roles",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "codes_of_conduct");

            migrationBuilder.DropTable(
                name: "contact_information");

            migrationBuilder.DropTable(
                name: "form_sections");

            migrationBuilder.DropTable(
                name: "password_reset_tokens");

            migrationBuilder.DropTable(
                name: "primero_modules");

            migrationBuilder.DropTable(
                name: "record_agencies");

            migrationBuilder.DropTable(
                name: "record_groups");

            migrationBuilder.DropTable(
                name: "record_users");

            migrationBuilder.DropTable(
                name: "recovery_codes");

            migrationBuilder.DropTable(
                name: "revoked_tokens");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "tenants");

            migrationBuilder.DropTable(
                name: "user_group_memberships");

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
