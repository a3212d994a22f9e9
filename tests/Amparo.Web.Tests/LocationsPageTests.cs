using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Web.Pages.Admin;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace Amparo.Web.Tests;

public sealed class LocationsPageTests : ComponentTest
{
    private const string Aleppo = """
        {"id":2,"code":"SY02","type":"province","disabled":false,"name":{"en":"Syria::Aleppo","fr":"Syrie::Alep","ar":"سوريا::حلب"},
         "admin_level":1,"placename":{"en":"Aleppo","fr":"Alep","ar":"حلب"},"hierarchy":["SY","SY02"]}
        """;

    private const string Hxl = "Country,Province code,Province\n#country+code,#adm1+code,#adm1+name\nSY,SY02,Aleppo\nXX,XX01,Nowhere\n";

    private async Task<FakeApi> StartAsync()
    {
        var api = new FakeApi()
            .WithPermissions(("metadata", "manage"))
            .On("GET", "/api/v2/locations", HttpStatusCode.OK, $$"""{"data":[{{Aleppo}}],"metadata":{"total":1,"per":50,"page":1} }""");
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    private static JsonObject SentData(FakeApi.Call call) => (JsonObject)JsonNode.Parse(call.Body)!["data"]!;

    [Fact]
    public async Task LocationList_AsksForHierarchyPagesOf50_AndShowsFullNames_AndSearches()
    {
        var api = await StartAsync();
        var page = Ctx.Render<Locations>();

        page.WaitForAssertion(() => Assert.Contains("Syria::Aleppo", page.Find("[data-testid=location-table]").TextContent, StringComparison.Ordinal));
        var first = api.Sent("GET", "/api/v2/locations").First().PathAndQuery;
        Assert.Contains("hierarchy=true", first, StringComparison.Ordinal);
        Assert.Contains("per=50", first, StringComparison.Ordinal);
        Assert.Contains("page=1", first, StringComparison.Ordinal);
        Assert.Contains("order_by=hierarchy", first, StringComparison.Ordinal);

        page.Find("#location-search").Input("alep");
        page.WaitForAssertion(() => Assert.Contains(api.Sent("GET", "/api/v2/locations"), c => c.PathAndQuery.Contains("query=alep", StringComparison.Ordinal)), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task HxlUpload_PostsTheFileAsBase64_AndShowsTheCountsAndFailedRows()
    {
        var api = await StartAsync();
        api.On("POST", "/api/v2/locations/import", HttpStatusCode.OK, """
            {"data":{"status":"some_failure","total":2,"file_name":"syria.csv","success_total":1,"failure_total":1,
                     "failures":["row 4: the parent XX was not found"]},"errors":[]}
            """);
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]");
        var listings = api.Sent("GET", "/api/v2/locations").Count();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Hxl, "syria.csv"));

        page.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/locations/import")));
        var sent = SentData(api.Sent("POST", "/api/v2/locations/import").Single());
        Assert.Equal("syria.csv", sent["file_name"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(Hxl)), sent["data_base64"]!.GetValue<string>());
        page.WaitForAssertion(() => Assert.Equal("syria.csv: 2 rows, 1 imported, 1 failed.", page.Find("[data-testid=import-counts]").TextContent));
        Assert.Equal(["row 4: the parent XX was not found"], page.FindAll("[data-testid=import-failures] li").Select(li => li.TextContent));
        page.WaitForAssertion(() => Assert.True(api.Sent("GET", "/api/v2/locations").Count() > listings, "the list is reloaded after an import"));
    }

    [Fact]
    public async Task HxlUpload_WithNoUsableRow_ShowsThatNothingWasImported_AndWhy()
    {
        var api = await StartAsync();
        api.On("POST", "/api/v2/locations/import", HttpStatusCode.UnprocessableEntity, """
            {"data":{"status":"failure","total":0,"file_name":"plain.csv","success_total":0,"failure_total":0,"failures":[]},
             "errors":[{"message":"No HXL hashtag row (such as #adm1+code) was found."}]}
            """);
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("code,name\nSY,Syria\n", "plain.csv"));

        page.WaitForAssertion(() => Assert.Contains("Nothing was imported.", page.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("plain.csv: 0 rows, 0 imported, 0 failed.", page.Find("[data-testid=import-counts]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["No HXL hashtag row (such as #adm1+code) was found."], page.FindAll("[data-testid=import-failures] li").Select(li => li.TextContent));
    }

    [Fact]
    public async Task HxlUpload_LargerThan10MB_IsRefused_WithoutSendingIt()
    {
        var api = await StartAsync();
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[(10 * 1024 * 1024) + 1], "huge.csv"));

        page.WaitForAssertion(() => Assert.Contains("10 MB", page.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(api.Sent("POST", "/api/v2/locations/import"));
    }

    [Fact]
    public async Task CreatingALocation_WithADuplicateCode_ShowsTheServersError()
    {
        var api = await StartAsync();
        api.On("POST", "/api/v2/locations", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"resource":"/api/v2/locations","message":["errors.models.location.code_unique"],"detail":"location_code"}]}""");
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]");

        page.Find("[data-testid=new-location]").Click();
        page.Find("#location-code").Input("SY02");
        page.Find("#location-name-en").Input("Aleppo");
        page.Find("[data-testid=save-location]").Click();

        page.WaitForAssertion(() => Assert.Equal("A location with the code SY02 already exists. Choose another code.", page.Find("[data-testid=location-error]").TextContent));
        var sent = SentData(api.Sent("POST", "/api/v2/locations").Single());
        Assert.Equal("SY02", sent["code"]!.GetValue<string>());
        Assert.Equal("Aleppo", sent["placename"]!["en"]!.GetValue<string>());
        Assert.NotEmpty(page.FindAll("[data-testid=location-editor]"));
    }

    [Fact]
    public async Task EditingALocation_PatchesItsNamesTypeAndDisabled_ButNotItsCode()
    {
        var api = await StartAsync();
        api.On("PATCH", "/api/v2/locations/2", HttpStatusCode.OK, $$"""{"data":{{Aleppo}} }""");
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]").ParentElement!.Click();

        page.Find("#location-name-fr").Input("Halab");
        page.Find("[data-testid=location-disabled]").Change(true);
        page.Find("[data-testid=save-location]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/locations/2")));
        var sent = SentData(api.Sent("PATCH", "/api/v2/locations/2").Single());
        Assert.Equal("Halab", sent["placename"]!["fr"]!.GetValue<string>());
        Assert.Equal("province", sent["type"]!.GetValue<string>());
        Assert.True(sent["disabled"]!.GetValue<bool>());
        Assert.False(sent.ContainsKey("code"));
    }

    [Fact]
    public async Task DeletingALocationWithChildren_SaysSo()
    {
        var api = await StartAsync();
        api.On("DELETE", "/api/v2/locations/2", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"resource":"/api/v2/locations/2","message":["errors.models.location.has_children"],"detail":"location_code"}]}""");
        var page = Ctx.Render<Locations>();
        page.WaitForElement("[data-testid=location-code-cell]").ParentElement!.Click();

        page.Find("[data-testid=delete-location]").Click();
        page.Find("[data-testid=confirm-delete-location]").Click();

        page.WaitForAssertion(() => Assert.Contains("has locations under it", page.Find("[data-testid=location-error]").TextContent, StringComparison.Ordinal));
    }
}
