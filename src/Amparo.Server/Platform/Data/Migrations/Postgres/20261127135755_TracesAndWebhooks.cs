using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TracesAndWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "identified_by",
                table: "records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "identified_by_user_id",
                table: "records",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sync_status",
                table: "records",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "synced_at",
                table: "records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "traces",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trace_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    tracing_request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    matched_case_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    events = table.Column<string>(type: "jsonb", nullable: false),
                    role_unique_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false),
                    protected_secret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_records_tenant_id_identified_by_user_id",
                table: "records",
                columns: new[] { "tenant_id", "identified_by_user_id" });

            migrationBuilder.CreateIndex(
                name: "IX_traces_tenant_id_matched_case_id",
                table: "traces",
                columns: new[] { "tenant_id", "matched_case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_traces_tenant_id_trace_id",
                table: "traces",
                columns: new[] { "tenant_id", "trace_id" });

            migrationBuilder.CreateIndex(
                name: "IX_traces_tracing_request_id",
                table: "traces",
                column: "tracing_request_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "traces");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropIndex(
                name: "IX_records_tenant_id_identified_by_user_id",
                table: "records");

            migrationBuilder.DropColumn(
                name: "identified_by",
                table: "records");

            migrationBuilder.DropColumn(
                name: "identified_by_user_id",
                table: "records");

            migrationBuilder.DropColumn(
                name: "sync_status",
                table: "records");

            migrationBuilder.DropColumn(
                name: "synced_at",
                table: "records");
        }
    }
}
