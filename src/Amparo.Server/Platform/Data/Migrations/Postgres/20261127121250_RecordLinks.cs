using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "incident_case_id",
                table: "records",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "comments",
                table: "attachments",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signature_provided_by",
                table: "attachments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_relationships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    primary = table.Column<bool>(type: "boolean", nullable: false),
                    disabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_incident_case_id",
                table: "records",
                columns: new[] { "tenant_id", "incident_case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_from_case_id",
                table: "case_relationships",
                column: "from_case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_relationships_tenant_id_from_case_id_to_case_id_relati~",
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_relationships");

            migrationBuilder.DropIndex(
                name: "IX_records_tenant_id_incident_case_id",
                table: "records");

            migrationBuilder.DropColumn(
                name: "incident_case_id",
                table: "records");

            migrationBuilder.DropColumn(
                name: "comments",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "signature_provided_by",
                table: "attachments");
        }
    }
}
