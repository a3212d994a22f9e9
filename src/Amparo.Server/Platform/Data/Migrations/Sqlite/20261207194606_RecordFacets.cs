using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "location",
                table: "records",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_level",
                table: "records",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sex",
                table: "records",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "task_due",
                table: "records",
                type: "INTEGER",
                nullable: true);

            // The facets of the records already stored, as RecordFacets derives them on a write. task_due (from subform
            // rows and time frames) is not derived in SQL: a record stored before this version gains it on its next write.
            migrationBuilder.Sql("UPDATE records SET risk_level = CASE WHEN json_type(data, '$.risk_level') = 'text' AND length(json_extract(data, '$.risk_level')) <= 100 THEN json_extract(data, '$.risk_level') END, sex = CASE WHEN json_type(data, '$.sex') = 'text' AND length(json_extract(data, '$.sex')) <= 100 THEN json_extract(data, '$.sex') END, location = CASE WHEN json_type(data, '$.location_current') = 'text' AND length(json_extract(data, '$.location_current')) <= 100 THEN json_extract(data, '$.location_current') END, age_band = CASE WHEN json_type(data, '$.age') IN ('integer', 'real') THEN CASE WHEN json_extract(data, '$.age') BETWEEN 0 AND 5 THEN '0..5' WHEN json_extract(data, '$.age') BETWEEN 6 AND 11 THEN '6..11' WHEN json_extract(data, '$.age') BETWEEN 12 AND 17 THEN '12..17' WHEN json_extract(data, '$.age') >= 18 THEN '18..' END END WHERE json_type(data, '$.risk_level') IS NOT NULL OR json_type(data, '$.sex') IS NOT NULL OR json_type(data, '$.location_current') IS NOT NULL OR json_type(data, '$.age') IS NOT NULL");

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
