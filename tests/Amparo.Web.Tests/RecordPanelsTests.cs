using System.Net;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Components;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>The flags and history panels of a record page.</summary>
public sealed class RecordPanelsTests : ComponentTest
{
    private const string Flags = """
        {"data":[
          {"id":1,"message":"Old concern","flagged_by":"admin","date":"2026-11-01","removed":true,"unflagged_by":"amina","unflag_message":"Sorted"},
          {"id":2,"message":"Check the address","flagged_by":"amina","date":"2026-11-20","removed":false}]}
        """;

    private async Task<FakeApi> StartAsync(params (string Resource, string Action)[] permissions)
    {
        var api = new FakeApi().WithPermissions(permissions);
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    [Fact]
    public async Task Flags_ShowsResolvedAndOpenFlags_AndResolvingSendsTheMessage()
    {
        // The signed-in user (admin) did not raise flag 2: resolving it takes resolve_any_flag.
        var api = await StartAsync(("case", "flag"), ("case", "resolve_any_flag"));
        api.On("GET", "/api/v2/cases/c1/flags", HttpStatusCode.OK, Flags)
           .On("PATCH", "/api/v2/cases/c1/flags/2", HttpStatusCode.OK, """{"data":{"id":2,"removed":true,"record":{"flag_count":0}}}""");
        var counts = new List<int>();
        var cut = Ctx.Render<RecordFlags>(p => p.Add(c => c.RecordPath, "cases").Add(c => c.RecordType, "case").Add(c => c.RecordId, "c1")
            .Add(c => c.CountChanged, (int n) => counts.Add(n)));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=flag]").Count));
        Assert.Contains("Sorted", cut.Markup, StringComparison.Ordinal);

        cut.Find("#resolve-2").Input("Address confirmed");
        cut.Find("[data-testid=resolve-flag-2]").Click();
        cut.WaitForAssertion(() => Assert.Equal([0], counts));
        var sent = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1/flags/2").Single().Body)!;
        Assert.Equal("Address confirmed", sent["data"]!["unflag_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Flags_WithoutThePermissions_OffersNeitherRaisingNorResolving()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/cases/c1/flags", HttpStatusCode.OK, Flags);
        var cut = Ctx.Render<RecordFlags>(p => p.Add(c => c.RecordPath, "cases").Add(c => c.RecordType, "case").Add(c => c.RecordId, "c1"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=flag]").Count));
        Assert.Empty(cut.FindAll("[data-testid=raise-flag]"));
        Assert.Empty(cut.FindAll("[data-testid=resolve-flag-2]"));
    }

    [Fact]
    public async Task History_ShowsChangesWithFieldLabelsAndOptionLabels()
    {
        var api = await StartAsync(("case", "read"), ("case", "change_log"));
        api.On("GET", "/api/v2/cases/c1/record_history", HttpStatusCode.OK, """
            {"data":[{"action":"update","user_name":"amina","datetime":"2026-11-20T10:00:00.000Z","record_changes":[{"sex":{"from":"male","to":"female"}},{"status":{"from":"open","to":"closed"}}]}],
             "metadata":{"total":1}}
            """);
        var form = new FormSection
        {
            UniqueId = "identity",
            ParentForm = "case",
            Fields = [new SelectField { Name = "sex", DisplayName = LocalizedText.Of("Sex"), Options = new OptionSource.Inline([new("female", LocalizedText.Of("Female")), new("male", LocalizedText.Of("Male"))]) }],
        };
        var cut = Ctx.Render<RecordHistoryView>(p => p.Add(c => c.RecordPath, "cases").Add(c => c.RecordId, "c1").Add(c => c.Schema, new FormSchema([form])));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=history-entry]")));
        Assert.Contains("Sex:", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(["Female", "closed"], cut.FindAll("[data-testid=history-to]").Select(e => e.TextContent));
        Assert.Contains("Status:", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_Forbidden_SaysSo()
    {
        var api = await StartAsync(("case", "read"));
        api.On("GET", "/api/v2/cases/c1/record_history", HttpStatusCode.Forbidden, """{"errors":[{"status":403,"message":"Forbidden"}]}""");
        var cut = Ctx.Render<RecordHistoryView>(p => p.Add(c => c.RecordPath, "cases").Add(c => c.RecordId, "c1"));
        cut.WaitForAssertion(() => Assert.Contains("may not see this record's history", cut.Markup, StringComparison.Ordinal));
    }
}
