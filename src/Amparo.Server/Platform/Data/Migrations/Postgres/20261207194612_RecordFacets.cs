using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordFacets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "age_band",
                table: "records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "location",
                table: "records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_level",
                table: "records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sex",
                table: "records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "task_due",
                table: "records",
                type: "timestamp with time zone",
                nullable: true);

            // The facets of the records already stored, as RecordFacets derives them on a write. task_due (from subform
            // rows and time frames) is not derived in SQL: a record stored before this version gains it on its next write.
            migrationBuilder.Sql("UPDATE records SET risk_level = CASE WHEN jsonb_typeof(data->'risk_level') = 'string' AND length(data->>'risk_level') <= 100 THEN data->>'risk_level' END, sex = CASE WHEN jsonb_typeof(data->'sex') = 'string' AND length(data->>'sex') <= 100 THEN data->>'sex' END, location = CASE WHEN jsonb_typeof(data->'location_current') = 'string' AND length(data->>'location_current') <= 100 THEN data->>'location_current' END, age_band = CASE WHEN jsonb_typeof(data->'age') = 'number' THEN CASE WHEN (data->>'age')::double precision BETWEEN 0 AND 5 THEN '0..5' WHEN (data->>'age')::double precision BETWEEN 6 AND 11 THEN '6..11' WHEN (data->>'age')::double precision BETWEEN 12 AND 17 THEN '12..17' WHEN (data->>'age')::double precision >= 18 THEN '18..' END END WHERE data ?| array['risk_level','sex','location_current','age']");

            migrationBuilder.CreateIndex(
                name: "IX_records_facets",
                table: "records",
                columns: new[] { "id", "tenant_id", "record_type", "module_id", "record_state", "status", "workflow", "risk_level", "sex", "age_band", "location", "owned_by_user_id", "owned_by", "flag_count", "task_due" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_records_facets",
                table: "records");

            migrationBuilder.DropColumn(
                name: "age_band",
                table: "records");

            migrationBuilder.DropColumn(
                name: "location",
                table: "records");

            migrationBuilder.DropColumn(
                name: "risk_level",
                table: "records");

            migrationBuilder.DropColumn(
                name: "sex",
                table: "records");

            migrationBuilder.DropColumn(
                name: "task_due",
                table: "records");
        }
    }
}
