using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrimeroClientContract : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "agency_unique_ids",
                table: "user_groups",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "owned_by_agency_id",
                table: "records",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "agency_unique_ids",
                table: "user_groups");

            migrationBuilder.DropColumn(
                name: "owned_by_agency_id",
                table: "records");
        }
    }
}
