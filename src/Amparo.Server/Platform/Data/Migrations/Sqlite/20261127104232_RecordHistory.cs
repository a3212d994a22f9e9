using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_record_histories_tenant_id_record_id_id",
                table: "record_histories",
                columns: new[] { "tenant_id", "record_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_histories");
        }
    }
}
