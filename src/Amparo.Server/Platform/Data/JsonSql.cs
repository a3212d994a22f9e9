using System.Data;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// Reads of one top-level key of a JSON document column inside LINQ queries, translated to each provider's own
/// JSON functions (ADR 0006). Every read is typed: a key whose value has another JSON type reads as null, so
/// <c>"5"</c> is never the number 5, and <c>true</c> never the text <c>"1"</c> — the two databases agree only because
/// neither is allowed to coerce. Keys must be constants matching <see cref="IsValidKey"/>; they are written into the
/// SQL (so that expression indexes can match), never taken from a parameter.
/// </summary>
internal static partial class JsonSql
{
    /// <summary>The string at <paramref name="key"/>, compared and sorted bytewise on both databases.</summary>
    public static string? Text(string document, string key) => throw ClientSide();

    /// <summary>The number at <paramref name="key"/>.</summary>
    public static double? Number(string document, string key) => throw ClientSide();

    /// <summary>The boolean at <paramref name="key"/>.</summary>
    public static bool? Bool(string document, string key) => throw ClientSide();

    /// <summary>The array at <paramref name="key"/>, in the provider's JSON type, for <see cref="AmparoDbContext.JsonArrayItems"/>.</summary>
    public static string? Array(string document, string key) => throw ClientSide();

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    private static InvalidOperationException ClientSide() => new("JsonSql functions only run inside database queries.");

    /// <summary>The key argument, which must be a valid constant: it becomes part of the SQL text.</summary>
    private static string KeyOf(IReadOnlyList<SqlExpression> args) =>
        args[1] is SqlConstantExpression { Value: string key } && IsValidKey(key)
            ? key
            : throw new InvalidOperationException("A JSON key must be a constant field name (^[a-z][a-z0-9_]*$).");

    private static readonly bool[] PropagatesNull2 = [true, true];
    private static readonly bool[] PropagatesNull1 = [true];
    private static readonly string[] SqliteTextTypes = ["text"];
    private static readonly string[] SqliteNumberTypes = ["integer", "real"];
    private static readonly string[] SqliteArrayTypes = ["array"];

    public static void MapSqlite(ModelBuilder b)
    {
        var sqlite = new Sqlite(new DoubleTypeMapping("REAL", DbType.Double), new BoolTypeMapping("INTEGER", DbType.Boolean));
        // json_type() names the JSON type at a path: 'text', 'integer', 'real', 'true', 'false', 'array', 'object', 'null'.
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Text))!).HasTranslation(args =>
            sqlite.WhenType(args, SqliteTextTypes, Sqlite.Extract(args, TextMapping(args))));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Number))!).HasTranslation(args =>
            sqlite.WhenType(args, SqliteNumberTypes, Sqlite.Extract(args, sqlite.Real)));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Array))!).HasTranslation(args =>
            sqlite.WhenType(args, SqliteArrayTypes, Sqlite.Extract(args, TextMapping(args))));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Bool))!).HasTranslation(args => new CaseExpression(Sqlite.TypeOf(args),
            [
                new CaseWhenClause(new SqlConstantExpression("true", TextMapping(args)), new SqlConstantExpression(true, sqlite.Boolean)),
                new CaseWhenClause(new SqlConstantExpression("false", TextMapping(args)), new SqlConstantExpression(false, sqlite.Boolean)),
            ]));
        b.HasDbFunction(typeof(AmparoDbContext).GetMethod(nameof(AmparoDbContext.JsonArrayItems))!).HasName("json_each");
    }

    public static void MapPostgres(ModelBuilder b)
    {
        var pg = new Postgres(new DoubleTypeMapping("double precision", DbType.Double), new BoolTypeMapping("boolean", DbType.Boolean));
        // jsonb_extract_path(_text) are the function forms of -> and ->> for one key; jsonb_typeof names the type:
        // 'string', 'number', 'boolean', 'array', 'object', 'null'.
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Text))!).HasTranslation(args =>
            // COLLATE "C": bytewise, as SQLite compares, whatever collation the cluster was created with.
            new CollateExpression(pg.WhenType(args, "string", Postgres.ExtractText(args)), "C"));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Number))!).HasTranslation(args =>
            pg.WhenType(args, "number", new SqlUnaryExpression(ExpressionType.Convert, Postgres.ExtractText(args), typeof(double), pg.Float8)));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Bool))!).HasTranslation(args =>
            pg.WhenType(args, "boolean", new SqlUnaryExpression(ExpressionType.Convert, Postgres.ExtractText(args), typeof(bool), pg.Boolean)));
        b.HasDbFunction(typeof(JsonSql).GetMethod(nameof(Array))!).HasTranslation(args =>
            pg.WhenType(args, "array", Postgres.Extract(args)));
        b.HasDbFunction(typeof(AmparoDbContext).GetMethod(nameof(AmparoDbContext.JsonArrayItems))!).HasName("jsonb_array_elements_text")
            .HasParameter("array").HasStoreType("jsonb");
    }

    /// <summary>The provider's text mapping, which EF gave the key constant.</summary>
    private static RelationalTypeMapping TextMapping(IReadOnlyList<SqlExpression> args) =>
        args[1].TypeMapping ?? throw new InvalidOperationException("The JSON key has no type mapping.");

    private static SqlBinaryExpression IsEqual(SqlExpression left, string right, RelationalTypeMapping boolean, RelationalTypeMapping text) =>
        new(ExpressionType.Equal, left, new SqlConstantExpression(right, text), typeof(bool), boolean);

    private sealed record Sqlite(RelationalTypeMapping Real, RelationalTypeMapping Boolean)
    {
        private static SqlConstantExpression Path(IReadOnlyList<SqlExpression> args) => new("$.\"" + KeyOf(args) + "\"", TextMapping(args));

        public static SqlFunctionExpression TypeOf(IReadOnlyList<SqlExpression> args) =>
            new("json_type", [args[0], Path(args)], nullable: true, PropagatesNull2, typeof(string), TextMapping(args));

        public static SqlFunctionExpression Extract(IReadOnlyList<SqlExpression> args, RelationalTypeMapping result) =>
            new("json_extract", [args[0], Path(args)], nullable: true, PropagatesNull2, result.ClrType, result);

        public CaseExpression WhenType(IReadOnlyList<SqlExpression> args, string[] types, SqlExpression value)
        {
            var test = types.Select(t => (SqlExpression)IsEqual(TypeOf(args), t, Boolean, TextMapping(args)))
                .Aggregate((a, c) => new SqlBinaryExpression(ExpressionType.OrElse, a, c, typeof(bool), Boolean));
            return new CaseExpression([new CaseWhenClause(test, value)]);
        }
    }

    private sealed record Postgres(RelationalTypeMapping Float8, RelationalTypeMapping Boolean)
    {
        private static SqlConstantExpression Key(IReadOnlyList<SqlExpression> args) => new(KeyOf(args), TextMapping(args));

        /// <summary><c>data -> 'key'</c>, typed as the document column (jsonb).</summary>
        public static SqlFunctionExpression Extract(IReadOnlyList<SqlExpression> args) =>
            new("jsonb_extract_path", [args[0], Key(args)], nullable: true, PropagatesNull2, typeof(string), args[0].TypeMapping);

        /// <summary><c>data ->> 'key'</c>.</summary>
        public static SqlFunctionExpression ExtractText(IReadOnlyList<SqlExpression> args) =>
            new("jsonb_extract_path_text", [args[0], Key(args)], nullable: true, PropagatesNull2, typeof(string), TextMapping(args));

        public CaseExpression WhenType(IReadOnlyList<SqlExpression> args, string type, SqlExpression value)
        {
            var typeOf = new SqlFunctionExpression("jsonb_typeof", [Extract(args)], nullable: true, PropagatesNull1, typeof(string), TextMapping(args));
            return new CaseExpression([new CaseWhenClause(IsEqual(typeOf, type, Boolean, TextMapping(args)), value)]);
        }
    }
}

/// <summary>One element of a JSON array, as text (<see cref="AmparoDbContext.JsonArrayItems"/>).</summary>
internal sealed class JsonArrayItem
{
    public string? Value { get; set; }
}
