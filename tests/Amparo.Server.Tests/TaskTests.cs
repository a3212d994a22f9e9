using System.Globalization;
using System.Net;

namespace Amparo.Server.Tests;

/// <summary>Tasks: computed from the owner's open cases — follow-ups needed, services not implemented — overdue or upcoming.</summary>
public abstract class TaskTests(AmparoServer server) : ServerTests(server)
{
    private static string Day(int offset) => DateTime.UtcNow.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Shown(int offset) => DateTime.UtcNow.AddDays(offset).ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Tasks_ListWhatTheOwnersCasesAskNext_OverdueAndUpcoming()
    {
        var role = "role-tasks-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","write"],"dashboard":["dash_tasks"]}""",
            """{"basic_identity":"rw","followup":"rw","services":"rw","protection_concern_details":"rw"}""");
        var (user, password) = await server.CreateUserAsync("self", roleUniqueId: role);
        var client = server.As(user, password);
        await client.CreateCaseAsync($$"""
            {"name_first":"Sara","risk_level":"high",
             "followup_subform_section":[{"followup_type":"in_care","followup_needed_by_date":"{{Day(-2)}}"},
                                         {"followup_type":"for_service","followup_needed_by_date":"{{Day(-5)}}","followup_date":"{{Day(-4)}}"}],
             "services_section":[{"service_type":"education_service","service_appointment_date":"{{Day(3)}}","service_implemented":"not_implemented"}]}
            """);
        // A closed case asks nothing.
        var closed = (await client.CreateCaseAsync($$"""{"name_first":"Old","followup_subform_section":[{"followup_needed_by_date":"{{Day(-1)}}"}]}"""))["id"].Str();
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{closed}", """{"record_action":"close","data":{"status":"closed"}}""")).OkBodyAsync();

        var body = await (await client.GetAsync("/api/v2/tasks")).OkBodyAsync();
        var tasks = body["data"]!.AsArray();
        Assert.Equal(2, body["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal("followup_date", body["metadata"]!["field_names"]!["follow_up"].Str());
        var service = tasks[0]!;
        Assert.Equal("service", service["type"].Str());
        Assert.Equal(Shown(3), service["due_date"].Str());
        Assert.True(service["upcoming_soon"]!.GetValue<bool>());
        Assert.False(service["overdue"]!.GetValue<bool>());
        var followUp = tasks[1]!;
        Assert.Equal("follow_up", followUp["type"].Str());
        Assert.Equal("in_care", followUp["detail"].Str());
        Assert.True(followUp["overdue"]!.GetValue<bool>());
        Assert.Equal("high", followUp["priority"].Str());
        Assert.Equal("Sara", followUp["name"].Str());

        // Someone else's cases give this user no tasks; without dash_tasks there is no list.
        var (other, otherPassword) = await server.CreateUserAsync("self", roleUniqueId: role);
        Assert.Empty((await (await server.As(other, otherPassword).GetAsync("/api/v2/tasks")).OkBodyAsync())["data"]!.AsArray());
        var (plain, plainPassword) = await server.CreateUserAsync();
        await (await server.As(plain, plainPassword).GetAsync("/api/v2/tasks")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class TaskTests_Sqlite(SqliteServer server) : TaskTests(server), IClassFixture<SqliteServer>;

public sealed class TaskTests_Postgres(PostgresServer server) : TaskTests(server), IClassFixture<PostgresServer>;
