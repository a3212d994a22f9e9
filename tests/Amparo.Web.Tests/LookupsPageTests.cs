using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Pages.Admin;
using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

public sealed class LookupsPageTests : ComponentTest
{
    private const string SexLookup = """
        {"id":3,"unique_id":"lookup-sex","locked":false,"name":{"en":"Sex","fr":"Sexe","ar":"الجنس"},
         "values":[{"id":"female","display_text":{"en":"Female","fr":"Féminin","ar":"أنثى"}},
                   {"id":"male","display_text":{"en":"Male","fr":"Masculin","ar":"ذكر"}},
                   {"id":"other","display_text":{"en":"Other","fr":"Autre","ar":"آخر"},"disabled":true}]}
        """;

    private const string LockedLookup = """
        {"id":4,"unique_id":"lookup-yes-no","locked":true,"name":{"en":"Yes or no","fr":"Oui ou non","ar":"نعم أو لا"},
         "values":[{"id":"true","display_text":{"en":"Yes"}},{"id":"false","display_text":{"en":"No"}}]}
        """;

    private async Task<FakeApi> StartAsync(bool canManage = true)
    {
        var api = new FakeApi()
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, $$"""{"data":[{{SexLookup}},{{LockedLookup}}],"metadata":{"total":2,"per":1000,"page":1} }""");
        if (canManage) api.WithPermissions(("metadata", "manage"));
        else api.WithPermissions(("case", "read"));
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    private static void Open(IRenderedComponent<Lookups> page, string name) =>
        page.FindAll("[data-testid=lookup-name]").First(td => td.TextContent == name).ParentElement!.Click();

    private static JsonObject SentData(FakeApi.Call call) => (JsonObject)JsonNode.Parse(call.Body)!["data"]!;

    [Fact]
    public async Task LookupList_ShowsEachName_InTheUiLanguage_WithItsNumberOfValues()
    {
        await StartAsync();
        Ctx.Services.GetRequiredService<UiText>().SetLanguage("fr");

        var page = Ctx.Render<Lookups>();

        page.WaitForAssertion(() => Assert.Equal(["Sexe", "Oui ou non"], page.FindAll("[data-testid=lookup-name]").Select(td => td.TextContent)));
        Assert.Equal(["3", "2"], page.FindAll("[data-testid=lookup-count]").Select(td => td.TextContent));
    }

    [Fact]
    public async Task SavingALookup_WithARemovedValue_SendsItsDeletion()
    {
        var api = await StartAsync();
        api.On("PATCH", "/api/v2/lookups/3", HttpStatusCode.OK, $$"""{"data":{{SexLookup}} }""");
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");

        Open(page, "Sex");
        page.Find("#value-text-0-fr").Input("Femme");
        page.Find("[data-testid=remove-value-1]").Click();
        page.Find("[data-testid=save-lookup]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/lookups/3")));
        var values = SentData(api.Sent("PATCH", "/api/v2/lookups/3").Single())["values"]!.AsArray().Select(v => v!.ToJsonString()).ToList();
        Assert.Contains("""{"id":"male","_delete":true}""", values);
        Assert.Contains(values, v => v.Contains("\"id\":\"female\"", StringComparison.Ordinal) && v.Contains("\"fr\":\"Femme\"", StringComparison.Ordinal));
        Assert.Contains(values, v => v.Contains("\"id\":\"other\"", StringComparison.Ordinal) && v.Contains("\"disabled\":true", StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Contains("\"id\":\"female\"", StringComparison.Ordinal) && v.Contains("_delete", StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=lookup-editor]")));
    }

    [Fact]
    public async Task LockedLookup_DisablesAddingAndRemovingValues_AndSaysWhy()
    {
        await StartAsync();
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");

        Open(page, "Yes or no");

        Assert.True(page.Find("[data-testid=add-value]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=remove-value-0]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=remove-value-1]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=delete-lookup]").HasAttribute("disabled"));
        Assert.Contains("locked", page.Find("[data-testid=lookup-locked]").TextContent, StringComparison.Ordinal);

        Open(page, "Sex");
        Assert.False(page.Find("[data-testid=add-value]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=lookup-locked]"));
    }

    [Fact]
    public async Task NewValues_MoveOnlyAmongThemselves_AndAreSentInTheirNewOrder()
    {
        var api = await StartAsync();
        api.On("PATCH", "/api/v2/lookups/3", HttpStatusCode.OK, $$"""{"data":{{SexLookup}} }""");
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");
        Open(page, "Sex");

        page.Find("[data-testid=add-value]").Click();
        page.Find("[data-testid=add-value]").Click();
        page.Find("#value-id-3").Input("unknown");
        page.Find("#value-id-4").Input("not_said");

        // Saved values cannot move (the API keeps their order); the first new one cannot pass them.
        Assert.Empty(page.FindAll("[data-testid=value-up-0]"));
        Assert.True(page.Find("[data-testid=value-up-3]").HasAttribute("disabled"));
        page.Find("[data-testid=value-up-4]").Click();
        page.Find("[data-testid=save-lookup]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/lookups/3")));
        var ids = SentData(api.Sent("PATCH", "/api/v2/lookups/3").Single())["values"]!.AsArray().Select(v => v!["id"]!.GetValue<string>());
        Assert.Equal(["female", "male", "other", "not_said", "unknown"], ids);
    }

    [Fact]
    public async Task NewValue_WithAnInvalidId_IsFlagged_AndNothingIsSent()
    {
        var api = await StartAsync();
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");
        Open(page, "Sex");

        page.Find("[data-testid=add-value]").Click();
        page.Find("#value-id-3").Input("Not Said");
        page.Find("[data-testid=save-lookup]").Click();

        Assert.Contains("lower-case letters", page.Find("[data-testid=lookup-editor]").TextContent, StringComparison.Ordinal);
        Assert.Empty(api.Sent("PATCH", "/api/v2/lookups/3"));
    }

    [Fact]
    public async Task NewLookup_IsPosted_WithItsNameAndValues()
    {
        var api = await StartAsync();
        api.On("POST", "/api/v2/lookups", HttpStatusCode.OK, """{"data":{"id":9}}""");
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");

        page.Find("[data-testid=new-lookup]").Click();
        page.Find("#lookup-unique-id").Input("lookup-colour");
        page.Find("#lookup-name-en").Input("Colour");
        page.Find("#lookup-name-fr").Input("Couleur");
        page.Find("[data-testid=add-value]").Click();
        page.Find("#value-id-0").Input("red");
        page.Find("#value-text-0-en").Input("Red");
        page.Find("[data-testid=save-lookup]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/lookups")));
        var data = SentData(api.Sent("POST", "/api/v2/lookups").Single());
        Assert.Equal("lookup-colour", data["unique_id"]!.GetValue<string>());
        Assert.Equal("Couleur", data["name"]!["fr"]!.GetValue<string>());
        Assert.Equal("Red", data["values"]![0]!["display_text"]!["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletingALookupStillUsedByFields_NamesThoseFields()
    {
        var api = await StartAsync();
        api.On("DELETE", "/api/v2/lookups/3", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"resource":"/api/v2/lookups/3","message":"errors.models.lookup.in_use","detail":["basic_identity.sex","family_details.relation_sex"]}]}""");
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");
        Open(page, "Sex");

        page.Find("[data-testid=delete-lookup]").Click();
        page.Find("[data-testid=confirm-delete-lookup]").Click();

        page.WaitForAssertion(() => Assert.Equal(["basic_identity.sex", "family_details.relation_sex"],
            page.FindAll("[data-testid=lookup-in-use] li").Select(li => li.TextContent)));
        Assert.Single(api.Sent("DELETE", "/api/v2/lookups/3"));
    }

    [Fact]
    public async Task WithoutMetadataManagement_TheListCannotBeChanged()
    {
        await StartAsync(canManage: false);
        var page = Ctx.Render<Lookups>();
        page.WaitForElement("[data-testid=lookup-name]");

        Open(page, "Sex");

        Assert.Empty(page.FindAll("[data-testid=new-lookup]"));
        Assert.Empty(page.FindAll("[data-testid=lookup-editor]"));
    }
}
