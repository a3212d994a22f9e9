using Amparo.Server.Platform.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// Refuses, before anything is written, text that one provider would store and the other reject: longer than its
/// column's maximum length (PostgreSQL's varchar(n), 22001; SQLite ignores the length) or holding a NUL character
/// (PostgreSQL text cannot hold one, 22021). The lengths are the EF model's own, so one check covers every entity and a
/// new column is covered by declaring its <c>HasMaxLength</c>. A refusal is a 422 naming the column, the same on both.
/// </summary>
internal sealed class TextColumnsInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) Check(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) Check(db);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is not string text) continue;
                if (entry.State == EntityState.Modified && !property.IsModified) continue;
                var column = property.Metadata.GetColumnName();
                if (property.Metadata.GetMaxLength() is { } max && text.Length > max)
                    throw ApiException.TextRefused(column, $"is longer than {max} characters");
                if (text.Contains('\0', StringComparison.Ordinal)) throw ApiException.TextRefused(column, "contains a NUL character");
            }
        }
    }
}

/// <summary>The provider errors that mean "this text cannot be stored": what slipped past the checks above is still the client's error.</summary>
internal static class DataErrors
{
    // string_data_right_truncation, character_not_in_repertoire, untranslatable_character
    private static readonly HashSet<string> TextStates = ["22001", "22021", "22P05"];

    public const string TimedOut = "The database took longer than allowed to answer: narrow the request, or try again later.";

    /// <summary>
    /// PostgreSQL stopped a statement at <c>statement_timeout</c> (57014 without a cancellation by the caller, which
    /// Npgsql reports as an <see cref="OperationCanceledException"/>).
    /// </summary>
    public static bool StatementTimedOut(Exception? e)
    {
        if (e is OperationCanceledException) return false;
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: "57014" }) return true;
        return false;
    }

    /// <summary>The column (or "text" when unknown) whose value PostgreSQL refused as text; null for any other failure.</summary>
    public static string? InvalidText(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException pg && TextStates.Contains(pg.SqlState)) return pg.ColumnName ?? "text";
        return null;
    }
}
