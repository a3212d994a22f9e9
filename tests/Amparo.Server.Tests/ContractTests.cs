using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// The typed wire contracts (ADR 0020): the OpenAPI document shows their schemas under Primero's names, and typed bodies
/// that are malformed or wrongly typed are answered in the error envelope, never by a 500 or the framework's bare 400.
/// </summary>
public abstract class ContractTests(AmparoServer server) : ServerTests(server)
{
    private static JsonObject Schema(JsonNode doc, JsonNode? schema)
    {
        // A schema is given inline, by $ref to components/schemas, or — when it may be null — as oneOf null or the schema.
        while (true)
        {
            if (schema?["$ref"]?.GetValue<string>() is { } reference) schema = doc["components"]!["schemas"]![reference["#/components/schemas/".Length..]];
            else if (schema?["oneOf"] is JsonArray choices) schema = choices.First(c => c!["type"]?.ToString() != "null");
            else return Assert.IsType<JsonObject>(schema);
        }
    }

    private static IEnumerable<string> Properties(JsonNode doc, JsonNode? schema) => Schema(doc, schema)["properties"]!.AsObject().Select(p => p.Key);

    private static JsonObject Property(JsonNode doc, JsonNode? schema, string name) => Schema(doc, Schema(doc, schema)["properties"]![name]);

    private static JsonNode RequestSchema(JsonNode doc, string path, string method) =>
        doc["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!;

    private static JsonNode ResponseSchema(JsonNode doc, string path, string method, string status = "200") =>
        doc["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["schema"]!;

    private async Task<JsonNode> DocumentAsync() => await (await server.Browser().GetAsync("/openapi/v1.json")).OkBodyAsync();

    [Fact]
    public async Task OpenApi_Transitions_ShowTheRequestAndTransitionSchemas_InPrimerosNames()
    {
        var doc = await DocumentAsync();
        var request = Property(doc, RequestSchema(doc, "/api/v2/cases/{id}/referrals", "post"), "data");
        Assert.Superset(new HashSet<string> { "transitioned_to", "notes", "remote", "transitioned_to_remote", "consent_overridden", "authorized_role_unique_id", "service_record_id" },
            Properties(doc, request).ToHashSet());
        var answer = Property(doc, ResponseSchema(doc, "/api/v2/cases/{id}/referrals", "post"), "data");
        Assert.Superset(new HashSet<string> { "id", "type", "status", "record_id", "transitioned_by_user_groups", "user_can_accept_or_reject", "record_access_denied", "record" },
            Properties(doc, answer).ToHashSet());
        Assert.Contains("ids", Properties(doc, Property(doc, RequestSchema(doc, "/api/v2/cases/referrals", "post"), "data")));
        Assert.Equal(["data", "errors"], Properties(doc, ResponseSchema(doc, "/api/v2/cases/referrals", "post")).Order());
        Assert.Contains("rejected_reason", Properties(doc, Property(doc, RequestSchema(doc, "/api/v2/cases/{id}/transfers/{transitionId}", "patch"), "data")));
        Assert.Contains("user_name", Properties(doc, Schema(doc, Property(doc, ResponseSchema(doc, "/api/v2/users/assign-to", "get"), "data")["items"])));
    }

    [Fact]
    public async Task OpenApi_SignInFlagsApprovalsAlerts_ShowTheirSchemas_AndRefusalsTheErrorEnvelope()
    {
        var doc = await DocumentAsync();
        Assert.Superset(new HashSet<string> { "user_name", "password", "code", "recovery_code", "webauthn" },
            Properties(doc, Property(doc, RequestSchema(doc, "/api/v2/tokens", "post"), "user")).ToHashSet());
        Assert.Superset(new HashSet<string> { "id", "user_name", "group_permission" }, Properties(doc, ResponseSchema(doc, "/api/v2/tokens", "post")).ToHashSet());
        Assert.Contains("two_factor_methods", Properties(doc, ResponseSchema(doc, "/api/v2/tokens", "post", "401")));

        Assert.Contains("unflag_message", Properties(doc, Property(doc, RequestSchema(doc, "/api/v2/cases/{id}/flags", "post"), "data")));
        Assert.Superset(new HashSet<string> { "record_uuid", "flagged_by", "unflagged_date", "system_generated_followup" },
            Properties(doc, Property(doc, ResponseSchema(doc, "/api/v2/cases/{id}/flags", "post"), "data")).ToHashSet());
        var dashboard = ResponseSchema(doc, "/api/v2/flags", "get");
        // total_estimated: written only when the total is an estimate (ADR 0027).
        Assert.Equal(["page", "per", "total", "total_estimated"], Properties(doc, Property(doc, dashboard, "metadata")).Order());

        Assert.Equal(["approval_status", "approval_type", "notes"],
            Properties(doc, Property(doc, RequestSchema(doc, "/api/v2/cases/{id}/approvals/{approvalId}", "patch"), "data")).Order());
        Assert.Superset(new HashSet<string> { "alert_for", "form_unique_id", "unique_id" },
            Properties(doc, Schema(doc, Property(doc, ResponseSchema(doc, "/api/v2/cases/{id}/alerts", "get"), "data")["items"])).ToHashSet());

        var refusal = ResponseSchema(doc, "/api/v2/cases/{id}/referrals", "post", "422");
        var item = Schema(doc, Property(doc, refusal, "errors")["items"]);
        Assert.Equal(["detail", "message", "record_id", "resource", "status"], Properties(doc, item).Order());
        var status = Schema(doc, item)["properties"]!["status"]!["type"]!.ToJsonString();
        Assert.Contains("integer", status, StringComparison.Ordinal);
        Assert.DoesNotContain("string", status, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"data": {"transitioned_to": "x",""", "The request body is not valid JSON.")]
    [InlineData("""{"data": {"transitioned_to": 5}}""", "The value at data.transitioned_to has the wrong type.")]
    [InlineData("""{"data": {"remote": "yes"}}""", "The value at data.remote has the wrong type.")]
    [InlineData("""{"data": {"ids": {"a": 1}}}""", "The value at data.ids has the wrong type.")]
    public async Task TypedBody_MalformedOrWronglyTyped_Is422InTheErrorEnvelope(string body, string detail)
    {
        var caseId = (await server.AsAdmin().CreateCaseAsync("""{"name_first":"Typed"}"""))["id"].Str();
        foreach (var url in new[] { $"/api/v2/cases/{caseId}/referrals", "/api/v2/cases/referrals" })
        {
            var error = await (await server.AsAdmin().PostAsync(url, Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("Invalid JSON", error["message"].Str());
            Assert.Equal(detail, error["detail"].Str());
            Assert.Equal(url, error["resource"].Str());
            // Primero's four keys and nothing of the contract's own helpers.
            Assert.Equal(["detail", "message", "resource", "status"], error.Select(kv => kv.Key).Order());
        }
    }

    [Fact]
    public async Task TypedBody_SignInWithAWronglyTypedName_Is422_AndAMissingWrapperSaysSo()
    {
        var error = await (await server.Browser().SendWithCsrfAsync(HttpMethod.Post, "/api/v2/tokens", JsonNode.Parse("""{"user":{"user_name":5,"password":"x"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("The value at user.user_name has the wrong type.", error["detail"].Str());
        var missing = await (await server.Browser().SendWithCsrfAsync(HttpMethod.Post, "/api/v2/tokens", JsonNode.Parse("""{"name":"admin"}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("param is missing or the value is empty: user", missing["message"].Str());
    }

    [Fact]
    public async Task TypedAnswer_Flag_KeepsPrimerosNullsAndLeavesOutTheRecordOnLists()
    {
        var caseId = (await server.AsAdmin().CreateCaseAsync("""{"name_first":"Flagged"}"""))["id"].Str();
        var raised = (await (await server.AsAdmin().PostAsync($"/api/v2/cases/{caseId}/flags", Http.Json("""{"data":{"message":"Check"}}"""))).OkBodyAsync())["data"]!;
        // Primero writes an open flag's resolution fields as null rather than leaving them out.
        Assert.True(raised.AsObject().ContainsKey("unflag_message"));
        Assert.Null(raised["unflag_message"]);
        Assert.Equal(1, raised["record"]!["flag_count"]!.GetValue<int>());
        var listed = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}/flags")).OkBodyAsync())["data"]![0]!.AsObject();
        Assert.False(listed.ContainsKey("record"));
        Assert.Equal(raised["record_uuid"].Str(), listed["record_uuid"].Str());
    }
}

public sealed class ContractTests_Sqlite(SqliteServer server) : ContractTests(server), IClassFixture<SqliteServer>;

public sealed class ContractTests_Postgres(PostgresServer server) : ContractTests(server), IClassFixture<PostgresServer>;
