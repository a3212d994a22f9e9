using System.Net;

namespace Amparo.Server.Tests;

public abstract class TenancyTests(AmparoServer server) : ServerTests(server)
{
    private HttpClient AdminOf(string host)
    {
        var client = server.AsAdmin();
        client.BaseAddress = new Uri($"http://{host}/");
        return client;
    }

    [Fact]
    public async Task Get_CaseOfAnotherTenant_Is404_AndNeverListed()
    {
        const string host = "other-agency.example";
        await server.AddTenantAsync(host);
        var (user, password) = await server.CreateUserAsync("all", host);
        var other = server.As(user, password);
        other.BaseAddress = new Uri($"http://{host}/");

        var mine = await server.AsAdmin().CreateCaseAsync("""{"name_first":"DefaultTenantChild"}""");
        await (await other.GetAsync($"/api/v2/cases/{mine["id"].Str()}")).ErrorAsync(HttpStatusCode.NotFound);
        var list = await (await other.GetAsync("/api/v2/cases?per=1000")).OkBodyAsync();
        Assert.DoesNotContain(list["data"]!.AsArray(), r => r!["id"].Str() == mine["id"].Str());
        await (await other.PatchJsonAsync($"/api/v2/cases/{mine["id"].Str()}", """{"data":{"name_first":"x"}}""")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Users_AreTenantScoped_ADefaultTenantLoginDoesNotWorkOnAnotherTenant()
    {
        const string host = "third-agency.example";
        await server.AddTenantAsync(host);
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        client.BaseAddress = new Uri($"http://{host}/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v2/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminOf(host).GetAsync("/api/v2/cases")).StatusCode);
    }
}

public sealed class TenancyTests_Sqlite(SqliteServer server) : TenancyTests(server), IClassFixture<SqliteServer>;

public sealed class TenancyTests_Postgres(PostgresServer server) : TenancyTests(server), IClassFixture<PostgresServer>;
