using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Amparo.Bench;

/// <summary>
/// Writes entities of one type straight to their table, bypassing the change tracker, with the column names, store
/// types and value converters of the server's own EF model: rows land exactly as <c>SaveChanges</c> would store them
/// (SQLite's binary timestamps and text GUIDs included), only faster. Store-generated keys are left to the database.
/// </summary>
internal sealed class TableWriter<T> where T : class
{
    private readonly (IProperty Property, string Column, RelationalTypeMapping Mapping, string PgType)[] _columns;

    public string Table { get; }

    public TableWriter(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        Table = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        _columns = [.. entity.GetProperties()
            .Where(p => !(p.ValueGenerated == ValueGenerated.OnAdd && p.IsPrimaryKey() && p.ClrType != typeof(Guid)))
            .Select(p =>
            {
                var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
                var store = p.GetColumnType();
                var paren = store.IndexOf('(', StringComparison.Ordinal);
                return (p, p.GetColumnName(table)!, mapping, paren > 0 ? store[..paren] : store);
            })];
    }

    public string ColumnList => string.Join(", ", _columns.Select(c => $"\"{c.Column}\""));

    private object? ProviderValue(int i, T row)
    {
        var (property, _, mapping, _) = _columns[i];
        var value = property.PropertyInfo!.GetValue(row);
        var converter = property.GetValueConverter() ?? mapping.Converter;
        return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
    }

    /// <summary>PostgreSQL's fastest path: binary COPY.</summary>
    public async Task CopyAsync(NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken ct = default)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{Table}\" ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < _columns.Length; i++)
            {
                var value = ProviderValue(i, row);
                if (value is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(value, _columns[i].PgType, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>A prepared INSERT, bound per row with the EF type mappings (SQLite's fast path, and single-row inserts anywhere).</summary>
    public DbCommand PrepareInsert(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{Table}\" ({ColumnList}) VALUES ({string.Join(", ", _columns.Select((_, i) => "@p" + i))})";
        for (var i = 0; i < _columns.Length; i++)
            command.Parameters.Add(_columns[i].Mapping.CreateParameter(command, "@p" + i, null, nullable: true));
        return command;
    }

    public void Bind(DbCommand command, T row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            // The mapping's own parameter (DbType, NpgsqlDbType, size) with the converted provider value.
            command.Parameters[i].Value = ProviderValue(i, row) ?? DBNull.Value;
        }
    }
}
