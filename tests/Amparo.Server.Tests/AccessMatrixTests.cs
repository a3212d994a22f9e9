using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// Every scope × every relation of a user to a record × read, list, update and count: fails if any cell leaks
/// or wrongly refuses. One rule answers all four, so they must agree in every cell.
/// Relations (the record's owner is in agency A and group G1):
/// owner; same_group (G1, agency B); same_agency (agency A, group G2); other_agency (agency B, group G3); none;
/// and assigned / referred / transfer_pending: an other-agency user (agency B, group G3) associated with the record
/// that way (written through the association store that transitions will use).
/// </summary>
public abstract class AccessMatrixTests(AmparoServer server) : ServerTests(server)
{
    public static TheoryData<string, string, bool> Cells()
    {
        var data = new TheoryData<string, string, bool>();
        string[] relations = ["owner", "same_group", "same_agency", "other_agency", "none", "assigned", "referred", "transfer_pending"];
        foreach (var relation in relations)
        {
            var associated = relation is "owner" or "assigned" or "referred" or "transfer_pending";
            data.Add("self", relation, associated);
            data.Add("admin_only", relation, associated);
            data.Add("group", relation, associated || relation == "same_group");
            data.Add("agency", relation, associated || relation == "same_agency");
            data.Add("all", relation, true);
            data.Add("identified", relation, false); // only records identified by the user, and nothing is identified yet
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Access_ByScopeAndRelation_IsTheSameForReadListUpdateAndCount(string scope, string relation, bool allowed)
    {
        var agencyA = await server.CreateAgencyAsync();
        var agencyB = await server.CreateAgencyAsync();
        var g1 = await server.CreateGroupAsync();
        var g2 = await server.CreateGroupAsync();
        var g3 = await server.CreateGroupAsync();

        // The owner has the scope under test when the relation is "owner"; otherwise an unrelated self-scoped owner.
        var (owner, ownerPw) = await server.CreateUserAsync(relation == "owner" ? scope : "self", agencyId: agencyA, groupIds: [g1]);
        var ownerClient = server.As(owner, ownerPw);
        var record = await ownerClient.CreateCaseAsync("""{"name_first":"Matrix"}""");
        var id = record["id"].Str();
        var shortId = record["short_id"].Str();

        HttpClient viewer = relation switch
        {
            "owner" => ownerClient,
            "same_group" => await ClientAsync(scope, agencyB, [g1]),
            "same_agency" => await ClientAsync(scope, agencyA, [g2]),
            "other_agency" => await ClientAsync(scope, agencyB, [g3]),
            "none" => await ClientAsync(scope, null, []),
            _ => await AssociatedClientAsync(scope, agencyB, [g3], Guid.Parse(id), relation),
        };

        var read = await viewer.GetAsync($"/api/v2/cases/{id}");
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, read.StatusCode);
        if (!allowed) Assert.DoesNotContain("Matrix", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = await (await viewer.GetAsync("/api/v2/cases?per=1000")).OkBodyAsync();
        Assert.Equal(allowed, list["data"]!.AsArray().Any(r => r!["id"].Str() == id));

        var count = await (await viewer.GetAsync($"/api/v2/cases?short_id={shortId}&per=1")).OkBodyAsync();
        Assert.Equal(allowed ? 1 : 0, count["metadata"]!["total"]!.GetValue<int>());

        var update = await viewer.PatchJsonAsync($"/api/v2/cases/{id}", """{"data":{"name_last":"Changed"}}""");
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, update.StatusCode);
        var stored = await (await server.AsAdmin().GetAsync($"/api/v2/cases/{id}")).OkBodyAsync();
        Assert.Equal(allowed, stored["data"]!["name_last"]?.GetValue<string>() == "Changed");
    }

    private async Task<HttpClient> AssociatedClientAsync(string scope, int agency, int[] groups, Guid recordId, string relation)
    {
        var (user, password) = await server.CreateUserAsync(scope, agencyId: agency, groupIds: groups);
        var userId = await server.UserIdAsync(user);
        await server.InTenantAsync(null, async (db, _) =>
        {
            var associations = new Amparo.Server.Features.Records.AssociationStore(db);
            associations.Add(recordId, userId, relation);
            await associations.RefreshRecordsAsync([recordId], CancellationToken.None);
        });
        return server.As(user, password);
    }

    private async Task<HttpClient> ClientAsync(string scope, int? agency, int[] groups)
    {
        var (user, password) = await server.CreateUserAsync(scope, agencyId: agency, groupIds: groups);
        return server.As(user, password);
    }

    [Fact]
    public async Task Get_WithoutCaseReadPermission_IsForbidden_EvenForAnUnknownId()
    {
        var (user, password) = await server.CreateUserAsync("all", roleUniqueId: "role-test-none");
        await server.ChangeRoleAsync("role-test-none", r => r.Permissions = """{"user":["read"]}""");
        var client = server.As(user, password);
        await (await client.GetAsync($"/api/v2/cases/{Guid.CreateVersion7()}")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v2/cases")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"x"}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task User_WithoutARole_MayDoNothing()
    {
        var (user, password) = await server.CreateUserAsync();
        await server.InTenantAsync(null, async (db, _) =>
        {
            db.Users.Single(u => u.UserName == user).RoleId = null;
            await db.SaveChangesAsync();
        });
        await (await server.As(user, password).GetAsync("/api/v2/cases")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AccessMatrixTests_Sqlite(SqliteServer server) : AccessMatrixTests(server), IClassFixture<SqliteServer>;

public sealed class AccessMatrixTests_Postgres(PostgresServer server) : AccessMatrixTests(server), IClassFixture<PostgresServer>;
