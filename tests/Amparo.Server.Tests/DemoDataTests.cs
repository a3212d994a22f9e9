using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Demo;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>The demo cases fit Amparo's default forms exactly as a caseworker's entries must.</summary>
public abstract class DemoDataTests(AmparoServer server)
{
    [Fact]
    public async Task DemoCases_PassTheFormRulesTheServerApplies()
    {
        var host = $"demo-{Guid.NewGuid():N}.example";
        await server.AddTenantAsync(host);
        var problems = new List<string>();
        var count = 0;
        await server.InTenantAsync(host, async (db, services) =>
        {
            await DefaultRoles.EnsureAsync(db, default);
            await DemoData.SeedAsync(db, services.GetRequiredService<IPasswordHasher<User>>(), TimeProvider.System, default);
            var forms = await services.GetRequiredService<FormCatalog>().ModuleFormsAsync(DefaultConfiguration.CpModule, "case", default);
            var schema = new FormSchema(forms!);
            var options = await services.GetRequiredService<OptionCatalog>().ForAsync(schema, default);
            foreach (var record in await db.Records.AsNoTracking().ToListAsync())
            {
                count++;
                var data = JsonNode.Parse(record.Data)!.AsObject();
                var before = data.ToJsonString();
                var outcome = RecordRules.Apply(data, schema);
                problems.AddRange(RecordValidator.ValidateTypes(data, schema, options).Select(e => $"{record.ShortId}{e.Path}: {e.Problem}"));
                problems.AddRange(RecordValidator.ValidateRequired(data, schema, outcome).Select(e => $"{record.ShortId}{e.Path}: {e.Problem}"));
                if (data.ToJsonString() != before) problems.Add($"{record.ShortId}: the rules would change it");
            }
        });
        Assert.Equal(DemoData.CaseCount, count);
        Assert.Empty(problems);
    }
}

[Collection("sqlite")]
public sealed class DemoDataTests_Sqlite(SqliteServer server) : DemoDataTests(server), IClassFixture<SqliteServer>;

[Collection("postgres")]
public sealed class DemoDataTests_Postgres(PostgresServer server) : DemoDataTests(server), IClassFixture<PostgresServer>;
