using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Flags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "flag_count",
                table: "records",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "flags",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    flagged_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    unflag_message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    unflagged_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    unflagged_date = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flags", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_flags_tenant_id_date",
                table: "flags",
                columns: new[] { "tenant_id", "date" });

            migrationBuilder.CreateIndex(
                name: "IX_flags_tenant_id_record_id",
                table: "flags",
                columns: new[] { "tenant_id", "record_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flags");

            migrationBuilder.DropColumn(
                name: "flag_count",
                table: "records");
        }
    }
}
