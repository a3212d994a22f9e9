using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "comments",
                table: "attachments",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signature_provided_by",
                table: "attachments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_incident_case_id",
                table: "records",
                columns: new[] { "tenant_id", "incident_case_id" });

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
