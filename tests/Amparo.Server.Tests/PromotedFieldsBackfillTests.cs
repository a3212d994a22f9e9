using System.Text.Json.Nodes;
using Amparo.Server.Features.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>
/// The backfill of a newly filterable field keeps its progress in the database (ADR 0026): a server stopped halfway
/// leaves the field <c>backfilling</c> with the cursor of its last committed batch, and the next pass — this server's or
/// another's — goes on after that cursor rather than starting over, then makes the field ready.
/// </summary>
public abstract class PromotedFieldsBackfillTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task Backfill_LeftHalfwayByAStoppedServer_ResumesAfterItsCursor_AndEndsReady()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var field = "bf_n_" + suffix;
        var admin = server.AsAdmin();
        string Form(bool filterable) => $$$"""
            {"data":{"unique_id":"bf_form_{{{suffix}}}","parent_form":"case","name":{"en":"Backfill"},"module_ids":["primeromodule-cp"],
             "fields":[{"name":"{{{field}}}","type":"numeric_field","display_name":{"en":"N"},"filterable":{{{(filterable ? "true" : "false")}}}}]}}
            """;
        var formId = (await (await admin.PostAsync("/api/v2/forms", Http.Json(Form(filterable: false)))).OkBodyAsync())["data"]!["id"]!.GetValue<int>();
        var created = new List<Guid>();
        for (var i = 0; i < 6; i++)
            created.Add(Guid.Parse((await admin.CreateCaseAsync($$"""{"name_first":"Backfilled {{i}}","{{field}}":{{i}}}"""))["id"].Str()));
        await (await admin.PatchJsonAsync($"/api/v2/forms/{formId}", Form(filterable: true))).OkBodyAsync();
        await server.WaitPromotedReadyAsync(field);

        // What a server stopped after its first batch leaves: the first three records (in the backfill's id order) done,
        // the cursor on the third, the rest without rows. Written in one transaction, so the worker sees all or none of it.
        // The records were last written before the backfill began, so its closing pass has none to rewrite.
        List<Guid> ordered = [];
        var now = DateTimeOffset.UtcNow;
        await server.InTenantAsync(null, async (db, _) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            ordered = await db.Records.Where(r => created.Contains(r.Id)).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            await db.Records.Where(r => created.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, now.AddHours(-1)));
            await db.Set<RecordValue>().Where(v => v.Field == field).ExecuteDeleteAsync();
            var row = await db.Set<PromotedField>().SingleAsync(p => p.RecordType == "case" && p.Field == field);
            row.State = PromotedField.Backfilling;
            row.Cursor = ordered[2];
            row.RecordsDone = 3;
            row.RecordsTotal = 6;
            row.StartedAt = now.AddMinutes(-30);
            row.FinishedAt = null;
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        server.Services.GetRequiredService<PromotedFieldsSignal>().Nudge();
        await server.WaitPromotedReadyAsync(field);

        var progress = (await (await admin.GetAsync("/api/v2/promoted_fields")).OkBodyAsync())["data"]!.AsArray()
            .Single(p => p!["field"].Str() == field)!;
        Assert.Equal(6, progress["records_done"]!.GetValue<long>());
        Assert.NotNull(progress["finished_at"]);
        List<Guid> withRows = [];
        await server.InTenantAsync(null, async (db, _) =>
            withRows = await db.Set<RecordValue>().Where(v => v.Field == field).Select(v => v.RecordId).ToListAsync());
        // After the cursor only: the pass went on from where the stopped one committed, it did not start over.
        Assert.Equal(ordered[3..].Order(), withRows.Order());
    }
}

public sealed class PromotedFieldsBackfillTests_Sqlite(SqliteServer server) : PromotedFieldsBackfillTests(server), IClassFixture<SqliteServer>;

public sealed class PromotedFieldsBackfillTests_Postgres(PostgresServer server) : PromotedFieldsBackfillTests(server), IClassFixture<PostgresServer>;
