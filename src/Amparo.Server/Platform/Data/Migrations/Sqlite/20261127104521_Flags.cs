using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

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
