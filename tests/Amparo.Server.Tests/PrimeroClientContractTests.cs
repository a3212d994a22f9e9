using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// What Primero's own web client reads from the server, in the shapes it reads (issue 14): names and keys it looks up,
/// values it computes and sends back, and the answers its admin pages expect.
/// </summary>
public abstract class PrimeroClientContractTests(AmparoServer server) : ServerTests(server)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonNode> ExtendedUserAsync(HttpClient client, string userName) =>
        (await (await client.GetAsync($"/api/v2/users/{await server.UserIdAsync(userName)}?extended=true")).OkBodyAsync())["data"]!;

    [Fact]
    public async Task ExtendedUser_NamesPermissionResourcesInThePlural_AsPrimerosClientChecksThem()
    {
        var role = Unique("role-plural-");
        await server.DefineRoleAsync(role, "self",
            """{"case":["read","write"],"code_of_conduct":["manage"],"metadata":["manage"],"system":["manage"],"user_group":["read"],"tracing_request":["read"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);

        var list = (await ExtendedUserAsync(server.As(user, password), user))["permissions"]!["list"]!.AsArray();
        var resources = list.Select(p => p!["resource"].Str()).ToList();
        Assert.Equal(["cases", "codes_of_conduct", "metadata", "systems", "tracing_requests", "user_groups"], resources.Order());
        Assert.Equal(["read", "write"], list.Single(p => p!["resource"].Str() == "cases")!["actions"]!.AsArray().Select(a => a.Str()));
    }
}

public sealed class PrimeroClientContractTests_Sqlite(SqliteServer server) : PrimeroClientContractTests(server), IClassFixture<SqliteServer>;

public sealed class PrimeroClientContractTests_Postgres(PostgresServer server) : PrimeroClientContractTests(server), IClassFixture<PostgresServer>;
