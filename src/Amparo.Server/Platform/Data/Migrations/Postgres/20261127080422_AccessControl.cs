using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccessControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "group_permission",
                table: "users");

            migrationBuilder.DropColumn(
                name: "is_superuser",
                table: "users");

            migrationBuilder.AddColumn<int>(
                name: "agency_id",
                table: "users",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "role_id",
                table: "users",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agencies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unique_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    agency_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "jsonb", nullable: false),
                    description = table.Column<string>(type: "jsonb", nullable: false),
                    disabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_agencies",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency_id = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_group_id = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    relation = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                name: "roles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unique_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    group_permission = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    permissions = table.Column<string>(type: "jsonb", nullable: false),
                    module_unique_ids = table.Column<string>(type: "jsonb", nullable: false),
                    form_section_read_write = table.Column<string>(type: "jsonb", nullable: false),
                    is_manager = table.Column<bool>(type: "boolean", nullable: false),
                    referral = table.Column<bool>(type: "boolean", nullable: false),
                    transfer = table.Column<bool>(type: "boolean", nullable: false),
                    referral_authorization = table.Column<bool>(type: "boolean", nullable: false),
                    disabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_groups",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unique_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    disabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_group_memberships",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    user_group_id = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                name: "IX_users_agency_id",
                table: "users",
                column: "agency_id");

            migrationBuilder.CreateIndex(
                name: "IX_users_role_id",
                table: "users",
                column: "role_id");

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
                name: "IX_roles_tenant_id_unique_id",
                table: "roles",
                columns: new[] { "tenant_id", "unique_id" },
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

            migrationBuilder.AddForeignKey(
                name: "FK_users_agencies_agency_id",
                table: "users",
                column: "agency_id",
                principalTable: "agencies",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_users_roles_role_id",
                table: "users",
                column: "role_id",
                principalTable: "roles",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_users_agencies_agency_id",
                table: "users");

            migrationBuilder.DropForeignKey(
                name: "FK_users_roles_role_id",
                table: "users");

            migrationBuilder.DropTable(
                name: "agencies");

            migrationBuilder.DropTable(
                name: "record_agencies");

            migrationBuilder.DropTable(
                name: "record_groups");

            migrationBuilder.DropTable(
                name: "record_users");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "user_group_memberships");

            migrationBuilder.DropTable(
                name: "user_groups");

            migrationBuilder.DropIndex(
                name: "IX_users_agency_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "IX_users_role_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "agency_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "role_id",
                table: "users");

            migrationBuilder.AddColumn<string>(
                name: "group_permission",
                table: "users",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "is_superuser",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}
