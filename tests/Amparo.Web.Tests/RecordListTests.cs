using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>The record lists: what each choice on the page asks the API, and what the page shows of the answer.</summary>
public sealed class RecordListTests : ComponentTest
{
    private const string Form = """
        {"id":1,"unique_id":"basic_identity","parent_form":"case","name":{"en":"Basic identity"},"module_ids":["primeromodule-cp"],"fields":[
          {"name":"name","type":"text_field","display_name":{"en":"Full name"},"order":0},
          {"name":"age","type":"numeric_field","display_name":{"en":"Age"},"order":1},
          {"name":"sex","type":"select_box","display_name":{"en":"Sex"},"order":2,
           "option_strings_text":[{"id":"female","display_text":{"en":"Female","fr":"Féminin"}},{"id":"male","display_text":{"en":"Male"}}]}
        ]}
        """;

    private const string OneCase = """
        {"data":[{"id":"c1","case_id_display":"abc1234","short_id":"abc1234","name":"Amal Haddad","age":11,"sex":"female",
                  "registration_date":"2026-11-01","status":"open","flag_count":2,"alert_count":0}],
         "metadata":{"total":45,"per":20,"page":1}}
        """;

    private IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers = null!;

    /// <summary>User 1 with these permissions, the CP module, a reach of <paramref name="reach"/>, and the columns the server lays out.</summary>
    private async Task<FakeApi> StartAsync(string reach = "all", params (string Resource, string Action)[] permissions) => await StartWithFormAsync(Form, reach, permissions);

    private async Task<FakeApi> StartWithFormAsync(string form, string reach = "all", params (string Resource, string Action)[] permissions)
    {
        if (permissions.Length == 0) permissions = [("case", "read"), ("case", "create"), ("incident", "read")];
        var list = FakeApi.PermissionList(permissions);
        var api = new FakeApi()
            .On("GET", "/api/v2/users/1", HttpStatusCode.OK, $$"""
                {"data":{"id":1,"user_name":"amina","module_unique_ids":["primeromodule-cp"],"role_group_permission":"{{reach}}",
                 "permissions":{"list":[{{list}}]},
                 "list_headers":{
                   "cases":[{"name":"id","field_name":"case_id_display","id_search":true},{"name":"id","field_name":"short_id"},{"name":"name","field_name":"name"},
                            {"name":"age","field_name":"age"},{"name":"sex","field_name":"sex"},{"name":"registration_date","field_name":"registration_date"},
                            {"name":"photo","field_name":"photo"},{"name":"flag_count","field_name":"flag_count"}],
                   "incidents":[{"name":"id","field_name":"short_id"},{"name":"date_of_incident","field_name":"incident_date"}]} } }
                """)
            .On("GET", "/api/v2/forms", HttpStatusCode.OK, $$"""{"data":[{{form}}]}""")
            .On("GET", "/api/v2/cases", HttpStatusCode.OK, OneCase)
            .On("GET", "/api/v2/incidents", HttpStatusCode.OK, """{"data":[{"id":"i1","short_id":"inc0001","incident_date":"2026-10-02","status":"open"}],"metadata":{"total":1}}""");
        UseServer(api);
        Ctx.Services.AddScoped<IRecordStore, OnlineRecordStore>();
        _popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        Ctx.JSInterop.Setup<string?>("amparo.storageGet", "amparo.user").SetResult("1:amina");
        await Ctx.Services.GetRequiredService<SessionState>().RestoreAsync();
        return api;
    }

    private NavigationManager Nav => Ctx.Services.GetRequiredService<NavigationManager>();

    /// <summary>The parameters of the last list request to <paramref name="path"/>, by name.</summary>
    private static Dictionary<string, string> LastList(FakeApi api, string path = "/api/v2/cases")
    {
        var query = api.Sent("GET", path).Last().PathAndQuery.Split('?', 2)[1];
        return query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
    }

    private IRenderedComponent<RecordList> Open(string address)
    {
        Nav.NavigateTo(address);
        var page = Ctx.Render<RecordList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=list-total]")));
        return page;
    }

    [Fact]
    public async Task CaseList_AtFirstOpen_AsksForOpenEnabledCasesPageOne_WithTheServersColumns()
    {
        var api = await StartAsync();
        var page = Open("cases");

        page.WaitForAssertion(() => Assert.Equal("Amal Haddad", page.Find("[data-testid=case-name]").TextContent.Trim()));
        var sent = LastList(api);
        Assert.Equal("open", sent["status"]);
        Assert.Equal("true", sent["record_state"]);
        Assert.Equal("1", sent["page"]);
        Assert.Equal("20", sent["per"]);
        // Only the columns shown are asked for; the photo column is the record page's, and one id column is enough.
        Assert.Equal(["age", "alert_count", "case_id_display", "flag_count", "name", "record_in_scope", "registration_date", "sex", "short_id", "status"],
            sent["fields"].Split(',').Order(StringComparer.Ordinal));
        var headers = page.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["ID", "Full name", "Age", "Sex", "Registered", "Flags", "Status"], headers);
        // Options read as their labels, counters as chips, and the total counts every page.
        Assert.Equal("Female", page.Find("[data-testid=cell-sex]").TextContent.Trim());
        Assert.Equal("2", page.Find("[data-testid=cell-flag_count]").TextContent.Trim());
        Assert.Equal("Open", page.Find("[data-testid=cell-status]").TextContent.Trim());
        Assert.Contains("45", page.Find("[data-testid=list-total]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=new-case]"));
    }

    [Theory]
    [InlineData("about", 58000, "en", "About 58,000 records")]
    [InlineData("at_least", 1001, "en", "1,001+ records")]
    [InlineData("about", 58000, "fr", "Environ 58,000 fiches")]
    [InlineData(null, 45, "en", "45 records")]
    public async Task ListTotal_TheServerMarksAsAnEstimate_ReadsAsAnEstimate(string? estimated, long total, string language, string shown)
    {
        var api = await StartAsync();
        var metadata = new JsonObject { ["total"] = total, ["per"] = 20, ["page"] = 1 };
        if (estimated is not null) metadata["total_estimated"] = estimated;
        var answer = JsonNode.Parse(OneCase)!.AsObject();
        answer["metadata"] = metadata;
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, answer.ToJsonString());
        Ctx.Services.GetRequiredService<UiText>().SetLanguage(language);

        var page = Open("cases");

        page.WaitForAssertion(() => Assert.Equal(shown, page.Find("[data-testid=list-total]").TextContent.Trim()));
    }

    [Fact]
    public async Task ClickingARow_OpensTheRecordUnderItsTypesPath()
    {
        await StartAsync();
        var page = Open("cases");
        page.WaitForElement("[data-testid=case-name]").Click();
        Assert.EndsWith("/cases/c1", Nav.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASearchSettlingAfterARowWasOpened_DoesNotBringTheUserBackToTheList()
    {
        await StartAsync();
        var page = Open("cases");
        var search = page.FindComponent<MudBlazor.MudTextField<string>>();
        page.WaitForElement("[data-testid=case-name]").Click();
        Assert.EndsWith("/cases/c1", Nav.Uri, StringComparison.Ordinal);
        // The debounced search of text typed before the click arrives now.
        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("Amal"));
        Assert.EndsWith("/cases/c1", Nav.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClickingAColumnHeader_SortsByIt_AndClickingAgainReversesTheOrder()
    {
        var api = await StartAsync();
        var page = Open("cases");

        page.WaitForElement("[data-testid=sort-age]").Click();
        page.WaitForAssertion(() => Assert.Equal("asc", LastList(api).GetValueOrDefault("order")));
        Assert.Equal("age", LastList(api)["order_by"]);
        Assert.Contains("order_by=age&order=asc", Nav.Uri, StringComparison.Ordinal);

        page.Find("[data-testid=sort-age]").Click();
        page.WaitForAssertion(() => Assert.Equal("desc", LastList(api).GetValueOrDefault("order")));
        // Counters are not offered for sorting: the server has no order for them.
        Assert.Empty(page.FindAll("[data-testid=sort-flag_count]"));
    }

    [Fact]
    public async Task Paging_AsksForTheChosenPage_AndPageSizeStartsAgainAtPageOne()
    {
        var api = await StartAsync();
        var page = Open("cases");

        page.WaitForElement("[data-testid=pager]");
        page.FindAll("[data-testid=pager] button").First(b => b.TextContent.Trim() == "3").Click();
        page.WaitForAssertion(() => Assert.Equal("3", LastList(api)["page"]));
        Assert.Equal("20", LastList(api)["per"]);
    }

    [Fact]
    public async Task TheAddress_KeepsTheListState_SoAReloadAsksForTheSameList()
    {
        var api = await StartAsync();
        var page = Open("cases?sex=male&not[status]=closed&order_by=age&order=asc&page=2&per=10&query=haddad&phonetic=true");

        var sent = LastList(api);
        Assert.Equal("male", sent["sex"]);
        Assert.Equal("closed", sent["not[status]"]);
        Assert.Equal("age", sent["order_by"]);
        Assert.Equal("asc", sent["order"]);
        Assert.Equal("2", sent["page"]);
        Assert.Equal("10", sent["per"]);
        Assert.Equal("haddad", sent["query"]);
        Assert.Equal("true", sent["phonetic"]);
        // No default filters once the address states the list.
        Assert.False(sent.ContainsKey("record_state"));
        page.WaitForAssertion(() => Assert.Contains("Male", page.Find("[data-testid='chip-sex']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FilterPanel_SendsEachChoiceInTheApisFilterGrammar_AndShowsThemAsRemovableChips()
    {
        var api = await StartAsync();
        var page = Open("cases");

        page.Find("[data-testid=toggle-filters]").Click();
        page.Find("[data-testid=filter-status-closed]").Change(true);
        page.Find("[data-testid=filter-workflow-case_plan]").Change(true);
        page.Find("[data-testid=filter-flagged]").Change(true);
        page.Find("[data-testid=filter-alerts]").Change(true);
        page.Find("[data-testid=filter-sex-female]").Change(true);
        page.Find("#filter-age-from").Change("5");
        page.Find("#filter-age-to").Change("10");
        page.Find("#filter-registered-from").Change("2026-01-01");
        page.Find("#filter-registered-to").Change("2026-06-30");
        page.Find("#filter-owned-by").Change("hassan");
        page.Find("#filter-state-all").Click();
        page.Find("[data-testid=apply-filters]").Click();

        page.WaitForAssertion(() => Assert.Equal("female", LastList(api).GetValueOrDefault("sex")));
        var sent = LastList(api);
        Assert.Equal("open,closed", sent["status"]);
        Assert.Equal("case_plan", sent["workflow"]);
        Assert.Equal("true", sent["flagged"]);
        Assert.Equal("1..", sent["alert_count"]);
        Assert.Equal("5..10", sent["age"]);
        Assert.Equal("2026-01-01..2026-06-30", sent["registration_date"]);
        Assert.Equal("hassan", sent["owned_by"]);
        Assert.False(sent.ContainsKey("record_state"));
        Assert.Equal("1", sent["page"]);

        Assert.Contains("Female", page.Find("[data-testid=chip-sex]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=chip-sex] .mud-chip-close-button").Click();
        page.WaitForAssertion(() => Assert.False(LastList(api).ContainsKey("sex")));
        Assert.Equal("5..10", LastList(api)["age"]);
        Assert.Empty(page.FindAll("[data-testid=chip-sex]"));
    }

    [Fact]
    public async Task OwnedByMe_SendsTheUsersName_AndAUserWhoSeesOnlyTheirOwnIsNotOfferedOthers()
    {
        var api = await StartAsync(reach: "self");
        var page = Open("cases");

        page.Find("[data-testid=toggle-filters]").Click();
        Assert.Empty(page.FindAll("#filter-owned-by"));
        page.Find("[data-testid=filter-mine]").Change(true);
        page.Find("[data-testid=apply-filters]").Click();
        page.WaitForAssertion(() => Assert.Equal("amina", LastList(api).GetValueOrDefault("owned_by")));
    }

    [Fact]
    public async Task FilterPanel_ABackwardsRange_IsRefusedWithAMessage_AndNothingIsAsked()
    {
        var api = await StartAsync();
        var page = Open("cases");
        var asked = api.Sent("GET", "/api/v2/cases").Count();

        page.Find("[data-testid=toggle-filters]").Click();
        page.Find("#filter-age-from").Change("12");
        page.Find("#filter-age-to").Change("3");
        page.Find("[data-testid=apply-filters]").Click();

        Assert.NotEmpty(page.FindAll("[data-testid=filter-invalid]"));
        Assert.Equal(asked, api.Sent("GET", "/api/v2/cases").Count());
    }

    [Theory]
    [InlineData("ID", "id_search")]
    [InlineData("Name (sounds like)", "phonetic")]
    [InlineData("Phone number", "phone_number")]
    public async Task SearchModes_SendTheTextWithTheModesParameter_AndKeepTheFilters(string mode, string parameter)
    {
        var api = await StartAsync();
        var page = Open("cases?sex=female&page=1");

        page.Find("[data-testid=search-mode]").MouseDown();
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == mode).Click();
        page.Find("#case-search").Input("+44 7700");

        page.WaitForAssertion(() => Assert.Equal("+44 7700", LastList(api).GetValueOrDefault("query")), TimeSpan.FromSeconds(3));
        var sent = LastList(api);
        Assert.Equal("true", sent[parameter]);
        Assert.Equal("female", sent["sex"]);
        Assert.Equal(1, new[] { "id_search", "phonetic", "phone_number" }.Count(sent.ContainsKey));
    }

    [Fact]
    public async Task FreeTextSearch_SendsOnlyTheQuery()
    {
        var api = await StartAsync();
        var page = Open("cases");
        page.Find("#case-search").Input("amal");
        page.WaitForAssertion(() => Assert.Equal("amal", LastList(api).GetValueOrDefault("query")), TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(LastList(api).Keys, k => k is "id_search" or "phonetic" or "phone_number");
    }

    [Fact]
    public async Task IncidentList_UsesItsOwnPathColumnsAndTexts_AndOffersNoCreateWithoutThePermission()
    {
        var api = await StartAsync();
        var page = Open("incidents");

        page.WaitForAssertion(() => Assert.Equal("inc0001", page.Find("[data-testid=cell-short_id]").TextContent.Trim()));
        Assert.Equal(["ID", "Date of incident", "Status"], page.FindAll("th").Select(h => h.TextContent.Trim()));
        Assert.Contains("Incidents", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=new-incident]"));
        Assert.Contains("incident_date", LastList(api, "/api/v2/incidents")["fields"], StringComparison.Ordinal);
        // Incidents have no workflow; the filter panel does not offer it.
        page.Find("[data-testid=toggle-filters]").Click();
        Assert.Empty(page.FindAll("[data-testid^=filter-workflow]"));
    }

    [Fact]
    public async Task AListTheRoleMayNotRead_SaysSo_AsksTheServerNothing_AndOffersTheListsItReads()
    {
        var api = await StartAsync("all", ("case", "read"));
        Nav.NavigateTo("families");
        var page = Ctx.Render<RecordList>();
        Assert.NotEmpty(page.FindAll("[data-testid=list-forbidden]"));
        Assert.Empty(api.Sent("GET", "/api/v2/families"));
        Assert.Equal(["readable-cases"], page.FindAll("[data-testid^=readable-]").Select(b => b.GetAttribute("data-testid")));
    }

    [Fact]
    public async Task AFailedList_SaysSo_RatherThanShowingNoRecords()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/cases", HttpStatusCode.InternalServerError, """{"errors":[{"status":500}]}""");
        var page = Open("cases");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=list-error]")));
    }

    [Fact]
    public async Task SavedSearches_SaveTheCurrentFiltersAndSearch_ListOnlyThisType_ApplyAndDelete()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/saved_searches", HttpStatusCode.OK, """
                {"data":[
                  {"id":4,"name":"Girls 5 to 10","record_type":"cases","module_ids":["primeromodule-cp"],"filters":[{"name":"sex","value":["female"]},{"name":"age","value":[{"from":"5","to":"10"}]}],"user_id":1},
                  {"id":5,"name":"Old incidents","record_type":"incidents","module_ids":[],"filters":[{"name":"status","value":["closed"]}],"user_id":1}],
                 "metadata":{"total":2}}
                """)
           .On("POST", "/api/v2/saved_searches", HttpStatusCode.OK, """{"data":{"id":9,"name":"Flagged boys","record_type":"cases","filters":[]}}""")
           .On("DELETE", "/api/v2/saved_searches/4", HttpStatusCode.OK, """{"data":{"id":4}}""");
        var page = Open("cases?sex=male&flagged=true&age=..12&query=haddad&phonetic=true&page=1");

        page.Find("[data-testid=toggle-saved]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-search]")));
        Assert.Contains("Girls 5 to 10", page.Find("[data-testid=saved-search]").TextContent, StringComparison.Ordinal);

        page.Find("#saved-search-name").Change("Flagged boys");
        page.Find("[data-testid=save-search]").Click();
        page.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/saved_searches")));
        var data = JsonNode.Parse(api.Sent("POST", "/api/v2/saved_searches").Single().Body)!["data"]!;
        Assert.Equal("Flagged boys", data["name"]!.GetValue<string>());
        Assert.Equal("cases", data["record_type"]!.GetValue<string>());
        Assert.Equal("primeromodule-cp", data["module_ids"]![0]!.GetValue<string>());
        var filters = data["filters"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.ToJsonString());
        Assert.Equal("""["male"]""", filters["sex"]);
        Assert.Equal("""["true"]""", filters["flagged"]);
        Assert.Equal("""[{"to":"12"}]""", filters["age"]);
        Assert.Equal("\"haddad\"", filters["query"]);
        Assert.Equal("\"true\"", filters["phonetic"]);
        Assert.False(filters.ContainsKey("page"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-search]").Count));

        page.Find("[data-testid=delete-saved-4]").Click();
        page.WaitForAssertion(() => Assert.Single(api.Sent("DELETE", "/api/v2/saved_searches/4")));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-search]")));

        page.Find("[data-testid=apply-saved-9]").Click();
        page.WaitForAssertion(() => Assert.Equal("male", LastList(api).GetValueOrDefault("sex")));
        var sent = LastList(api);
        Assert.Equal("true", sent["flagged"]);
        Assert.Equal("..12", sent["age"]);
        Assert.Equal("haddad", sent["query"]);
        Assert.Equal("true", sent["phonetic"]);
    }

    [Fact]
    public async Task ApplyingASavedSearch_ReplacesTheFilters()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/saved_searches", HttpStatusCode.OK, """
                {"data":[{"id":4,"name":"Girls 5 to 10","record_type":"cases","filters":[{"name":"sex","value":["female"]},{"name":"age","value":[{"from":"5","to":"10"}]}]}],"metadata":{"total":1}}
                """);
        var page = Open("cases?workflow=new&page=1");

        page.Find("[data-testid=toggle-saved]").Click();
        page.WaitForElement("[data-testid=apply-saved-4]").Click();

        page.WaitForAssertion(() => Assert.Equal("female", LastList(api).GetValueOrDefault("sex")));
        Assert.Equal("5..10", LastList(api)["age"]);
        Assert.False(LastList(api).ContainsKey("workflow"));
    }

    [Fact]
    public async Task LocationFilter_OffersTheFormsLocations_AndIncludesPlacesBelowTheChosenOne()
    {
        var form = Form.Replace("""{"name":"age",""", """{"name":"location_current","type":"select_box","display_name":{"en":"Current location"},"option_strings_source":"Location","order":3},{"name":"age",""", StringComparison.Ordinal);
        var api = await StartWithFormAsync(form);
        api.On("GET", "/api/v2/locations", HttpStatusCode.OK, """
            {"data":[{"id":1,"code":"SY","name":{"en":"Syria"},"admin_level":0},{"id":2,"code":"SY02","name":{"en":"Syria::Aleppo"},"admin_level":1}],"metadata":{"total":2}}
            """);
        var page = Open("cases");

        page.Find("[data-testid=toggle-filters]").Click();
        page.Find("[data-testid=filter-location]").MouseDown();
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "Syria::Aleppo").Click();
        page.Find("[data-testid=apply-filters]").Click();

        page.WaitForAssertion(() => Assert.Equal("SY02", LastList(api).GetValueOrDefault("loc:location_current")));
        Assert.Contains("Syria::Aleppo", page.Find("[data-testid='chip-loc:location_current']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordFoundBeyondTheUsersReach_IsMarked_AndDoesNotOpen()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, """
            {"data":[{"id":"c9","case_id_display":"far0009","short_id":"far0009","name":"Amal Haddad","status":"open","record_in_scope":false}],"metadata":{"total":1}}
            """);
        var page = Open("cases?query=amal&phonetic=true&page=1");

        page.WaitForElement("[data-testid=out-of-scope]");
        var before = Nav.Uri;
        page.Find("[data-testid=case-name]").Click();
        Assert.Equal(before, Nav.Uri);
    }

    [Fact]
    public async Task ARecordFoundBeyondTheUsersReach_CanBeAskedForByTransferRequest_WithRequestTransfer()
    {
        var api = await StartAsync("self", ("case", "read"), ("case", "request_transfer"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, """
            {"data":[{"id":"c9","case_id_display":"far0009","short_id":"far0009","name":"Amal Haddad","status":"open","record_in_scope":false}],"metadata":{"total":1}}
            """)
           .On("POST", "/api/v2/cases/c9/transfer_requests", HttpStatusCode.OK, """{"data":{"id":"tr1","type":"TransferRequest","status":"in_progress"}}""");
        var page = Open("cases?query=amal&page=1");

        page.WaitForElement("[data-testid=request-transfer]").Click();
        page.Find("#transfer-request-notes").Change("The family moved to my area");
        page.Find("[data-testid=transfer-request-send]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=transfer-request]")));
        Assert.Equal("""{"data":{"notes":"The family moved to my area"}}""", api.Sent("POST", "/api/v2/cases/c9/transfer_requests").Single().Body);
    }

    [Fact]
    public async Task ARecordFoundBeyondTheUsersReach_OffersNoTransferRequest_WithoutRequestTransfer()
    {
        var api = await StartAsync("self", ("case", "read"));
        api.On("GET", "/api/v2/cases", HttpStatusCode.OK, """
            {"data":[{"id":"c9","case_id_display":"far0009","short_id":"far0009","name":"Amal Haddad","status":"open","record_in_scope":false}],"metadata":{"total":1}}
            """);
        var page = Open("cases?query=amal&page=1");
        page.WaitForElement("[data-testid=out-of-scope]");
        Assert.Empty(page.FindAll("[data-testid=request-transfer]"));
    }

    [Fact]
    public async Task RemovingAChip_WhileThePanelIsOpen_IsNotUndoneByApplying()
    {
        var api = await StartAsync();
        var page = Open("cases?sex=female&flagged=true&page=1");

        page.Find("[data-testid=toggle-filters]").Click();
        Assert.True(page.Find("[data-testid=filter-flagged]").HasAttribute("checked"));
        page.Find("[data-testid=chip-flagged] .mud-chip-close-button").Click();
        page.WaitForAssertion(() => Assert.False(LastList(api).ContainsKey("flagged")));
        page.Find("[data-testid=apply-filters]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=chip-flagged]")));
        Assert.False(LastList(api).ContainsKey("flagged"));
        Assert.Equal("female", LastList(api)["sex"]);
    }

    [Fact]
    public async Task AnUnreachableServer_IsSaid_RatherThanShowingNoRecords()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/cases", _ => throw new HttpRequestException("offline"));
        var page = Open("cases");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=list-error]")));
    }

    [Fact]
    public async Task SavingASearch_TheServerRefuses_SaysSo_AndListsNothingNew()
    {
        var api = await StartAsync();
        api.On("GET", "/api/v2/saved_searches", HttpStatusCode.OK, """{"data":[],"metadata":{"total":0}}""")
           .On("POST", "/api/v2/saved_searches", HttpStatusCode.UnprocessableEntity, """{"errors":[{"status":422,"resource":"/api/v2/saved_searches","detail":["name"],"message":"errors.models.saved_search.name"}]}""");
        var page = Open("cases?sex=male&page=1");

        page.Find("[data-testid=toggle-saved]").Click();
        page.WaitForElement("[data-testid=saved-none]");
        page.Find("#saved-search-name").Change("Boys");
        page.Find("[data-testid=save-search]").Click();

        page.WaitForAssertion(() => Assert.Contains("did not work", page.Find("[data-testid=saved-message]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=saved-search]"));
    }
}
