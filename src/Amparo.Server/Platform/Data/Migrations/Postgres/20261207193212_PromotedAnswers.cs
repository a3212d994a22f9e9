using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PromotedAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "promoted_fields",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    records_done = table.Column<long>(type: "bigint", nullable: false),
                    records_total = table.Column<long>(type: "bigint", nullable: false),
                    cursor = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_promoted_fields", x => new { x.tenant_id, x.record_type, x.field });
                    table.ForeignKey(
                        name: "FK_promoted_fields_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "record_values",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    item = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    text_value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    number_value = table.Column<double>(type: "double precision", nullable: true),
                    bool_value = table.Column<bool>(type: "boolean", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_values", x => new { x.record_id, x.field, x.item });
                    table.ForeignKey(
                        name: "FK_record_values_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_values_tenant_id_record_type_field_bool_value_record~",
                table: "record_values",
                columns: new[] { "tenant_id", "record_type", "field", "bool_value", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_values_tenant_id_record_type_field_number_value_reco~",
                table: "record_values",
                columns: new[] { "tenant_id", "record_type", "field", "number_value", "record_id" });

            migrationBuilder.CreateIndex(
                name: "IX_record_values_tenant_id_record_type_field_text_value_item_r~",
                table: "record_values",
                columns: new[] { "tenant_id", "record_type", "field", "text_value", "item", "record_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "promoted_fields");

            migrationBuilder.DropTable(
                name: "record_values");
        }
    }
}
