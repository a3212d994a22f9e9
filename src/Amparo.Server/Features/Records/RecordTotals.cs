using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Amparo.Server.Features.Records;

/// <summary>
/// How many records a query matches, as a list's <c>metadata.total</c> says it: exact up to
/// <see cref="RecordTotals.ExactUpTo"/>, otherwise an estimate marked as one (<see cref="TotalEstimates"/>).
/// </summary>
internal readonly record struct RecordTotal(long Count, string? Estimated)
{
    public bool Exact => Estimated is null;

    /// <summary>
    /// The total made consistent with a page just read (<paramref name="skip"/> rows before it, <paramref name="rows"/> on
    /// it): a partial page of an estimated list ends the list, so the total is then exact; a full one proves at least
    /// one more row, so no estimate may claim fewer than the pages the client has already been given.
    /// </summary>
    public RecordTotal WithPage(int skip, int rows, int per)
    {
        if (Exact) return this;
        if (rows > 0 && rows < per) return new(skip + (long)rows, null);
        return rows == 0 ? this : this with { Count = Math.Max(Count, skip + (long)rows + 1) };
    }
}

/// <summary>
/// THE count of records for anything that answers one (lists, dashboards' indicators): a capped count — the database stops
/// after <see cref="ExactUpTo"/> + 1 matches, so a total costs about what a page costs however large the user's scope —
/// and above the cap an estimate (ADR 0027). PostgreSQL's is its planner's row estimate of the same query (EXPLAIN, one
/// planning round and no execution), marked <see cref="TotalEstimates.About"/>; SQLite keeps no statistics to estimate
/// from, so it answers the cap itself as a lower bound, marked <see cref="TotalEstimates.AtLeast"/>.
/// </summary>
internal sealed class RecordTotals(AmparoDbContext db, RecordTotalOptions options)
{
    public int ExactUpTo => options.ExactTotalUpTo;

    public async Task<RecordTotal> CountAsync(IQueryable<RecordEntity> matches, CancellationToken ct)
    {
        var limit = ExactUpTo;
        var capped = await matches.Select(r => r.Id).Take(limit + 1).LongCountAsync(ct);
        if (capped <= limit) return new(capped, null);
        if (!db.Database.IsNpgsql()) return new(capped, TotalEstimates.AtLeast);
        // The planner may guess fewer than the cap it was just shown to exceed: never below what is known.
        return new(Math.Max(await PlannerEstimateAsync(matches, ct), capped), TotalEstimates.About);
    }

    /// <summary>
    /// PostgreSQL's estimate of the rows <paramref name="matches"/> returns: EXPLAIN (FORMAT JSON) of the query itself, with
    /// its parameters, so the estimate is of exactly what the list selects. Run on the context's connection and counted by the
    /// request's statement meter like every other statement (the command is built by EF but not run through it).
    /// </summary>
    private async Task<long> PlannerEstimateAsync(IQueryable<RecordEntity> matches, CancellationToken ct)
    {
        await using var command = matches.Select(r => r.Id).CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var started = Stopwatch.GetTimestamp();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var plan = JsonNode.Parse(Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) ?? "[]");
            return (long)Math.Round(plan?[0]?["Plan"]?["Plan Rows"]?.GetValue<double>() ?? 0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            StatementMeter.Current?.Add(Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary><c>Records:ExactTotalUpTo</c>: the largest total counted exactly (ADR 0027).</summary>
internal sealed class RecordTotalOptions
{
    /// <summary>
    /// 1,000: 50 pages of Primero's default 20, more than anyone pages through by hand, and a capped count of 1,001 rows
    /// costs a few milliseconds where the exact count of a 58,000-case scope cost 300–400 ms (issue 7). Tests lower it.
    /// </summary>
    public const int Default = 1000;

    public int ExactTotalUpTo { get; init; } = Default;
}
