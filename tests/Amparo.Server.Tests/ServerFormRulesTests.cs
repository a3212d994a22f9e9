using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// The rules administrators configure hold on the server, whatever the client does (Primero checks required
/// fields, skip logic and calculations only in its browser client).
/// </summary>
public abstract class ServerFormRulesTests(AmparoServer server) : ServerTests(server)
{
    /// <summary>A form in the CP module: a displacement select, its required "other" text shown only for "other", a calculation.</summary>
    private async Task<string> RulesFormAsync()
    {
        var p = "r" + Guid.NewGuid().ToString("N")[..8];
        var response = await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json($$"""
            {"data":{"unique_id":"{{p}}_form","parent_form":"case","name":{"en":"Rules"},"module_ids":["primeromodule-cp"],
             "fields":[
              {"name":"{{p}}_status","type":"select_box","display_name":{"en":"Status"},
               "option_strings_text":[{"id":"idp","display_text":{"en":"IDP"} },{"id":"other","display_text":{"en":"Other"} }]},
              {"name":"{{p}}_other","type":"text_field","required":true,"display_name":{"en":"Other status"},
               "display_conditions_record":{"eq":{"{{p}}_status":"other"} } },
              {"name":"{{p}}_adults","type":"numeric_field","display_name":{"en":"Adults"} },
              {"name":"{{p}}_children","type":"numeric_field","display_name":{"en":"Children"} },
              {"name":"{{p}}_total","type":"calculated","display_name":{"en":"Household"},"calculation":{"expression":{"sum":["{{p}}_adults","{{p}}_children"]} } },
              {"name":"{{p}}_concern","type":"select_box","display_name":{"en":"Concern"},"option_strings_source":"lookup lookup-protection-concerns"}
             ]} }
            """));
        await response.OkBodyAsync();
        return p;
    }

    private static async Task<IReadOnlyList<string>> RefusedAsync(HttpResponseMessage response) =>
        [.. (await response.ErrorAsync(HttpStatusCode.UnprocessableEntity))["detail"]!.AsArray().Select(d => d.Str())];

    [Fact]
    public async Task Create_RequiredFieldShownBySkipLogic_Missing_Is422NamingIt()
    {
        var p = await RulesFormAsync();
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"name_first":"Ali","{{p}}_status":"other"} }"""));
        Assert.Equal([$"/{p}_other"], await RefusedAsync(response));
    }

    [Fact]
    public async Task Create_RequiredFieldHiddenBySkipLogic_IsNotRequired()
    {
        var p = await RulesFormAsync();
        var created = await server.AsAdmin().CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_status":"idp"}""");
        Assert.Equal("idp", created[$"{p}_status"].Str());
    }

    [Fact]
    public async Task Create_AnswerToAFieldHiddenBySkipLogic_Is422NamingIt()
    {
        var p = await RulesFormAsync();
        var response = await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"name_first":"Ali","{{p}}_status":"idp","{{p}}_other":"camp"} }"""));
        Assert.Equal([$"/{p}_other"], await RefusedAsync(response));
    }

    [Fact]
    public async Task Update_ChangingTheCondition_DropsTheNowHiddenAnswer()
    {
        var p = await RulesFormAsync();
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_status":"other","{{p}}_other":"host family"}"""))["id"].Str();
        var changed = (await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", $$"""{"data":{"{{p}}_status":"idp"} }""")).OkBodyAsync())["data"]!;
        Assert.True(changed.AsObject().ContainsKey($"{p}_other")); // reported as changed...
        Assert.Null(changed[$"{p}_other"]);                          // ...to nothing
        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Null(record[$"{p}_other"]);
    }

    [Fact]
    public async Task CalculatedField_IsComputedByTheServer_AndAValueSentIsReplacedByTheServersResult()
    {
        var p = await RulesFormAsync();
        var admin = server.AsAdmin();
        var created = await admin.CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_adults":2,"{{p}}_children":3}""");
        Assert.Equal(5, created[$"{p}_total"]!.GetValue<int>());
        var id = created["id"].Str();
        var updated = (await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", $$"""{"data":{"{{p}}_children":4} }""")).OkBodyAsync())["data"]!;
        Assert.Equal(6, updated[$"{p}_total"]!.GetValue<int>());

        // Primero's client computes calculated fields and sends them with every save: never a 422 for a value nobody
        // typed; a different value is recomputed, and the server's result is what is stored.
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", $$"""{"data":{"{{p}}_total":100,"{{p}}_adults":3} }""")).OkBodyAsync();
        var stored = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal(7, stored[$"{p}_total"]!.GetValue<int>());
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}", $$"""{"data":{"{{p}}_total":7} }""")).OkBodyAsync();
        var fresh = await admin.CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_adults":1,"{{p}}_children":1,"{{p}}_total":5}""");
        Assert.Equal(2, fresh[$"{p}_total"]!.GetValue<int>());
    }

    [Fact]
    public async Task LookupOptions_AreCheckedOnTheServer()
    {
        var p = await RulesFormAsync();
        var admin = server.AsAdmin();
        var concerns = (await (await admin.GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray()
            .Single(l => l!["unique_id"].Str() == "lookup-protection-concerns")!["values"]![0]!["id"].Str();
        await admin.CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_concern":"{{concerns}}"}""");
        var response = await admin.PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"name_first":"Ali","{{p}}_concern":"not-a-concern"} }"""));
        Assert.Equal([$"/{p}_concern"], await RefusedAsync(response));
    }

    [Fact]
    public async Task AnswersOnFormsTheRoleCannotWrite_AreDropped_NotHeldAgainstTheRules()
    {
        var p = await RulesFormAsync();
        var (user, password) = await server.CreateUserAsync(); // may write basic_identity only
        var created = await server.As(user, password).CreateCaseAsync($$"""{"name_first":"Ali","{{p}}_status":"idp","{{p}}_other":"x","{{p}}_total":9}""");
        var admin = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync())["data"]!;
        Assert.Null(admin[$"{p}_status"]);
        Assert.Null(admin[$"{p}_other"]);
        Assert.Null(admin[$"{p}_total"]); // nothing to compute from; the client's 9 is not taken
    }
}

public sealed class ServerFormRulesTests_Sqlite(SqliteServer server) : ServerFormRulesTests(server), IClassFixture<SqliteServer>;

public sealed class ServerFormRulesTests_Postgres(PostgresServer server) : ServerFormRulesTests(server), IClassFixture<PostgresServer>;
