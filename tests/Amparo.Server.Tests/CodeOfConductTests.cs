using System.Net;

namespace Amparo.Server.Tests;

public sealed class CodeOfConductTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Publish_ThenUsersAcceptOnlyTheVersionInForce()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var id = await server.UserIdAsync(user);
        await (await client.PostAsync("/api/v2/codes_of_conduct", Http.Json("""{"data":{"title":"Mine","content":"x"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);

        var first = (await (await server.AsAdmin().PostAsync("/api/v2/codes_of_conduct", Http.Json("""{"data":{"title":"Code v1","content":"Do no harm."}}"""))).OkBodyAsync())["data"]!;
        var second = (await (await server.AsAdmin().PostAsync("/api/v2/codes_of_conduct", Http.Json("""{"data":{"title":"Code v2","content":"Do no harm. Protect data."}}"""))).OkBodyAsync())["data"]!;
        var current = (await (await client.GetAsync("/api/v2/codes_of_conduct")).OkBodyAsync())["data"]!;
        Assert.Equal(second["id"]!.GetValue<int>(), current["id"]!.GetValue<int>());

        await (await client.PostAsync("/api/v2/codes_of_conduct/accept", Http.Json($$"""{"data":{"code_of_conduct_id":{{first["id"]}}} }"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsync("/api/v2/codes_of_conduct/accept", Http.Json($$"""{"data":{"code_of_conduct_id":{{second["id"]}}} }"""))).OkBodyAsync();
        var me = (await (await client.GetAsync($"/api/v2/users/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal(second["id"]!.GetValue<int>(), me["code_of_conduct_id"]!.GetValue<int>());
        Assert.NotNull(me["code_of_conduct_accepted_on"]);
    }

    [Fact]
    public async Task Accepting_ThroughPrimerosUserPatch_Works_AndAdminsCannotAcceptForOthers()
    {
        var code = (await (await server.AsAdmin().PostAsync("/api/v2/codes_of_conduct", Http.Json("""{"data":{"title":"Code","content":"Be kind."}}"""))).OkBodyAsync())["data"]!;
        var (user, password) = await server.CreateUserAsync();
        var id = await server.UserIdAsync(user);
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/users/{id}", $$"""{"data":{"code_of_conduct_id":{{code["id"]}}} }""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var me = (await (await server.As(user, password).PatchJsonAsync($"/api/v2/users/{id}", $$"""{"data":{"code_of_conduct_id":{{code["id"]}}} }""")).OkBodyAsync())["data"]!;
        Assert.Equal(code["id"]!.GetValue<int>(), me["code_of_conduct_id"]!.GetValue<int>());
    }
}
