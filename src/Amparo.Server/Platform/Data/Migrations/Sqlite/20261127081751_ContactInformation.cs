using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactInformation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_information",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    organization = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    position = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    support_forum = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    other_information = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_information", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contact_information_tenant_id",
                table: "contact_information",
                column: "tenant_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_information");
        }
    }
}
