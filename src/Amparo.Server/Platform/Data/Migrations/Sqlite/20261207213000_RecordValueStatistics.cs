using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amparo.Server.Platform.Data.Migrations.Sqlite
{
    /// <summary>
    /// PostgreSQL's multi-column statistics on <c>record_values</c> (see the PostgreSQL migration of the same name);
    /// SQLite has no such statistics. Kept so both providers list the same migrations.
    /// </summary>
    [DbContext(typeof(SqliteAmparoDbContext))]
    [Migration("20261207213000_RecordValueStatistics")]
    public partial class RecordValueStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
