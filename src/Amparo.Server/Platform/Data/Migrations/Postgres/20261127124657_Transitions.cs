using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Transitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "user_id",
                table: "alerts",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "transitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    transitioned_to = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transitioned_to_user_id = table.Column<int>(type: "integer", nullable: true),
                    transitioned_to_remote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    transitioned_to_agency = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transitioned_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    transitioned_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    transitioned_by_user_agency = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transitioned_by_user_groups = table.Column<string>(type: "jsonb", nullable: false),
                    transitioned_to_user_agency = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transitioned_to_user_groups = table.Column<string>(type: "jsonb", nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    rejected_reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    rejection_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    remote = table.Column<bool>(type: "boolean", nullable: false),
                    type_of_export = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    service_record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    consent_overridden = table.Column<bool>(type: "boolean", nullable: false),
                    consent_individual_transfer = table.Column<bool>(type: "boolean", nullable: false),
                    authorized_role_unique_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    allow_case_creation = table.Column<bool>(type: "boolean", nullable: false),
                    record_owned_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    record_owned_by_agency = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    record_owned_by_groups = table.Column<string>(type: "jsonb", nullable: false),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "transitions");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "alerts");
        }
    }
}
