using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// <c>GET /api/v2/cases/counts</c> (ADR 0028): grouped counts over the caller's scope from the facet columns the record path
/// keeps. After creates, updates, an assignment, closes and flags, every group's count is the list's total for the same
/// filter — compared facet by facet and value by value against the list endpoint — and what lies outside the scope, or in
/// an answer the caller may not read, is not counted.
/// </summary>
public abstract class RecordCountTests(AmparoServer server) : ServerTests(server)
{
    private const string Permissions = """{"case":["read","create","write","assign","flag","close","reopen"]}""";
    private const string Forms = """{"basic_identity":"rw","protection_concern_details":"rw","followup":"rw"}""";
    private const string AllFacets = "status,workflow,risk_level,sex,age,owned_by,flagged,task_overdue";

    private static readonly string?[] Risks = ["high", "medium", "low", null];
    private static readonly string?[] Sexes = ["female", "male", null];
    private static readonly double?[] Ages = [3, 5, 6, 11, 12, 17, 18, 40, null];

    private static string Day(int offset) => DateTime.UtcNow.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(string Name, HttpClient Client)> MemberAsync(string role, int group)
    {
        var (user, password) = await server.CreateUserAsync("group", groupIds: [group], roleUniqueId: role);
        return (user, server.As(user, password));
    }

    private static async Task<JsonObject> CountsAsync(HttpClient client, string query) =>
        (await (await client.GetAsync("/api/v2/cases/counts?" + query)).OkBodyAsync())["data"]!.AsObject();

    private static async Task<long> ListTotalAsync(HttpClient client, string query) =>
        (await (await client.GetAsync("/api/v2/cases?per=1&" + query)).OkBodyAsync())["metadata"]!["total"]!.GetValue<long>();

    [Fact]
    public async Task Counts_AfterCreatesUpdatesAssignCloseAndFlags_EqualTheListTotalForEachGroup()
    {
        var role = "role-counts-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "group", Permissions, Forms);
        await server.ChangeRoleAsync(role, r => r.ModuleUniqueIds = """["primeromodule-cp"]""");
        var group = await server.CreateGroupAsync();
        var a = await MemberAsync(role, group);
        var b = await MemberAsync(role, group);
        var outsider = await MemberAsync(role, await server.CreateGroupAsync());

        var random = new Random(16);
        var ids = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            var data = new JsonObject { ["name_first"] = $"Counted{i}" };
            if (Risks[random.Next(Risks.Length)] is { } risk) data["risk_level"] = risk;
            if (Sexes[random.Next(Sexes.Length)] is { } sex) data["sex"] = sex;
            if (Ages[random.Next(Ages.Length)] is { } age) data["age"] = age;
            // Every third case has a follow-up that was due two days ago and not held: an overdue task.
            if (i % 3 == 0) data["followup_subform_section"] = new JsonArray(new JsonObject { ["followup_needed_by_date"] = Day(-2) });
            var owner = i % 4 == 0 ? b : a;
            ids.Add((await owner.Client.CreateCaseAsync(data.ToJsonString()))["id"].Str());
        }
        await outsider.Client.CreateCaseAsync("""{"name_first":"Outside","risk_level":"high","sex":"female","age":7}""");

        // Updates move answers between groups; a held follow-up ends a task.
        await (await a.Client.PatchJsonAsync($"/api/v2/cases/{ids[1]}", """{"data":{"risk_level":"low","sex":"male","age":18}}""")).OkBodyAsync();
        await (await a.Client.PatchJsonAsync($"/api/v2/cases/{ids[2]}", """{"data":{"risk_level":null,"age":null}}""")).OkBodyAsync();
        var followUp = (await (await a.Client.GetAsync($"/api/v2/cases/{ids[3]}")).OkBodyAsync())["data"]!["followup_subform_section"]![0]!;
        await (await a.Client.PatchJsonAsync($"/api/v2/cases/{ids[3]}",
            $$$"""{"data":{"followup_subform_section":[{"unique_id":"{{{followUp["unique_id"].Str()}}}","followup_date":"{{{Day(-1)}}}"}]}}""")).OkBodyAsync();
        // A transition: the owner changes.
        await (await a.Client.PostAsync($"/api/v2/cases/{ids[5]}/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{b.Name}}}"}}"""))).OkBodyAsync();
        // Closes (status and workflow) and flags.
        foreach (var id in new[] { ids[6], ids[7] })
            await (await a.Client.PatchJsonAsync($"/api/v2/cases/{id}", """{"record_action":"close","data":{"status":"closed"}}""")).OkBodyAsync();
        foreach (var id in new[] { ids[9], ids[10] })
            await (await a.Client.PostAsync($"/api/v2/cases/{id}/flags", Http.Json("""{"data":{"message":"Check"}}"""))).OkBodyAsync();

        foreach (var filter in new[] { "", "status=open" })
        {
            var counts = await CountsAsync(a.Client, $"by={AllFacets}&{filter}");
            Assert.Equal(AllFacets.Split(',').Order(StringComparer.Ordinal), counts.Select(c => c.Key).Order(StringComparer.Ordinal));
            var total = await ListTotalAsync(a.Client, filter);
            Assert.Equal(filter == "" ? ids.Count : ids.Count - 2, total);
            // Every record is in exactly one status, workflow, owner and flagged group.
            foreach (var facet in new[] { "status", "workflow", "owned_by", "flagged" })
                Assert.Equal(total, counts[facet]!.AsObject().Sum(g => g.Value!.GetValue<long>()));

            var candidates = new Dictionary<string, IEnumerable<string>>
            {
                ["status"] = ["open", "closed"],
                ["workflow"] = ["new", "closed", "case_plan", "services"],
                ["risk_level"] = Risks.OfType<string>(),
                ["sex"] = Sexes.OfType<string>(),
                ["age"] = ["0..5", "6..11", "12..17", "18.."],
                ["owned_by"] = [a.Name, b.Name, outsider.Name],
                ["flagged"] = ["true", "false"],
            };
            // (A second value for the filter's own field would widen the filter rather than narrow it: not compared.)
            foreach (var (facet, values) in candidates.Where(c => !filter.StartsWith(c.Key + "=", StringComparison.Ordinal)))
                foreach (var value in values.Union(counts[facet]!.AsObject().Select(g => g.Key)))
                {
                    var counted = counts[facet]![value]?.GetValue<long>() ?? 0;
                    Assert.True(await ListTotalAsync(a.Client, $"{filter}&{facet}={Uri.EscapeDataString(value)}") == counted,
                        $"{filter} {facet}={value}: counted {counted}");
                }
        }

        // Overdue tasks: the cases with a follow-up due and not held (one of the five was held since), whoever owns them.
        var overdue = await CountsAsync(a.Client, "by=task_overdue");
        Assert.Equal(4, overdue["task_overdue"]!["true"]!.GetValue<long>());
    }

    [Fact]
    public async Task Counts_ByAnAnswerTheCallerMayNotRead_AreLeftOut_AndAnUnknownFacetIs422()
    {
        var role = "role-counts-blind-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var client = server.As(user, password);
        await client.CreateCaseAsync("""{"name_first":"Blind"}""");

        var counts = await CountsAsync(client, "by=status,risk_level");
        Assert.Equal(["status"], counts.Select(c => c.Key));
        Assert.Equal(1, counts["status"]!["open"]!.GetValue<long>());
        var error = await (await client.GetAsync("/api/v2/cases/counts?by=status,shoe_size")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("shoe_size", error["message"].Str(), StringComparison.Ordinal);
    }
}

public sealed class RecordCountTests_Sqlite(SqliteServer server) : RecordCountTests(server), IClassFixture<SqliteServer>;

public sealed class RecordCountTests_Postgres(PostgresServer server) : RecordCountTests(server), IClassFixture<PostgresServer>;
