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
                    group_permission = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    is_superuser = table.Column<bool>(type: "INTEGER", nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    failed_login_count = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_form_sections_tenant_id_unique_id",
                table: "form_sections",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_primero_modules_tenant_id_unique_id",
                table: "primero_modules",
                columns: new[] { "tenant_id", "unique_id" },
                unique: true);

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
                name: "IX_users_tenant_id_user_name",
                table: "users",
                columns: new[] { "tenant_id", "user_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "form_sections");

            migrationBuilder.DropTable(
                name: "primero_modules");

            migrationBuilder.DropTable(
                name: "records");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "tenants");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
