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

/// <summary>The demo records fit Amparo's default forms exactly as a caseworker's entries must.</summary>
public abstract class DemoDataTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task DemoRecords_OfEveryCpType_PassTheFormRulesTheServerApplies_AndDemoCasesJoinDemoFamilies()
    {
        var host = $"demo-{Guid.NewGuid():N}.example";
        await server.AddTenantAsync(host);
        var problems = new List<string>();
        var counts = new Dictionary<string, int>();
        var linked = 0;
        await server.InTenantAsync(host, async (db, services) =>
        {
            await DefaultRoles.EnsureAsync(db, default);
            await DemoData.SeedAsync(db, services.GetRequiredService<IPasswordHasher<User>>(), TimeProvider.System, default);
            var records = await db.Records.AsNoTracking().ToListAsync();
            foreach (var record in records)
            {
                counts[record.RecordType] = counts.GetValueOrDefault(record.RecordType) + 1;
                var forms = await services.GetRequiredService<FormCatalog>().ModuleFormsAsync(DefaultConfiguration.CpModule, record.RecordType, default);
                var schema = new FormSchema(forms!);
                var options = await services.GetRequiredService<OptionCatalog>().ForAsync(schema, default);
                var data = JsonNode.Parse(record.Data)!.AsObject();
                var before = data.ToJsonString();
                var outcome = RecordRules.Apply(data, schema);
                problems.AddRange(RecordValidator.ValidateTypes(data, schema, options).Select(e => $"{record.ShortId}{e.Path}: {e.Problem}"));
                problems.AddRange(RecordValidator.ValidateRequired(data, schema, outcome).Select(e => $"{record.ShortId}{e.Path}: {e.Problem}"));
                if (data.ToJsonString() != before) problems.Add($"{record.ShortId}: the rules would change it");
                // A case tied to a family is one of its members.
                if (data["family_id"] is { } familyId)
                {
                    linked++;
                    var family = records.Single(r => r.Id.ToString() == familyId.GetValue<string>() && r.RecordType == "family");
                    var members = JsonNode.Parse(family.Data)!["family_members"]!.AsArray();
                    if (!members.Any(m => m!["unique_id"]!.GetValue<string>() == data["family_member_id"]!.GetValue<string>()))
                        problems.Add($"{record.ShortId}: not a member of its family");
                }
            }
        });
        Assert.Equal(DemoData.CaseCount, counts["case"]);
        Assert.Equal(DemoData.TracingRequestCount, counts["tracing_request"]);
        Assert.Equal(DemoData.FamilyCount, counts["family"]);
        Assert.Equal(DemoData.RegistryRecordCount, counts["registry_record"]);
        Assert.Equal(DemoData.FamilyCount, linked);
        Assert.Empty(problems);
    }
}

public sealed class DemoDataTests_Sqlite(SqliteServer server) : DemoDataTests(server), IClassFixture<SqliteServer>;

public sealed class DemoDataTests_Postgres(PostgresServer server) : DemoDataTests(server), IClassFixture<PostgresServer>;
