using System.Net;
using System.Text.Json.Nodes;
using Amparo.Web.Components;
using Amparo.Web.Pages.Admin;
using Bunit;

namespace Amparo.Web.Tests;

/// <summary>The form builder: every field type survives it unchanged, renames and conditions are sent as the API expects.</summary>
public sealed class FormBuilderPageTests : ComponentTest
{
    /// <summary>A form holding one field of every type, each with the attributes its type has (and one Amparo does not interpret).</summary>
    private const string EveryType = """
        {"id":7,"unique_id":"every","parent_form":"case","name":{"en":"Every type"},"version":3,"module_ids":["primeromodule-cp"],"fields":[
          {"name":"f_text","type":"text_field","display_name":{"en":"Text"},"hidden_text_field":true,"required":true,"show_on_minify_form":true,"order":0},
          {"name":"f_area","type":"textarea","display_name":{"en":"Area"},"order":1},
          {"name":"f_tick","type":"tick_box","display_name":{"en":"Tick"},"tick_box_label":{"en":"Yes"},"order":2},
          {"name":"f_select","type":"select_box","display_name":{"en":"Select"},"multi_select":true,"option_strings_source":"lookup lookup-gender","order":3},
          {"name":"f_inline","type":"select_box","display_name":{"en":"Inline"},"option_strings_text":[{"id":"a","display_text":{"en":"A"}},{"id":"b","display_text":{"en":"B"},"tags":["t"]}],"option_strings_condition":{"t":{"eq":{"f_tick":true}}},"order":4},
          {"name":"f_radio","type":"radio_button","display_name":{"en":"Radio"},"option_strings_text":[{"id":"true","display_text":{"en":"Yes"}},{"id":"false","display_text":{"en":"No"}}],"order":5},
          {"name":"f_number","type":"numeric_field","display_name":{"en":"Number"},"min":1,"max":9,"order":6},
          {"name":"f_date","type":"date_field","display_name":{"en":"Date"},"date_include_time":true,"date_validation":"not_future_date","order":7},
          {"name":"f_range","type":"date_range","display_name":{"en":"Range"},"order":8},
          {"name":"f_tally","type":"tally_field","display_name":{"en":"Tally"},"tally":[{"id":"boys","display_text":{"en":"Boys"}}],"autosum_total":true,"order":9},
          {"name":"f_calc","type":"calculated","display_name":{"en":"Calc"},"calculation":{"expression":{"sum":["f_number",2]}},"order":10},
          {"name":"f_sep","type":"separator","display_name":{"en":"Section"},"order":11},
          {"name":"f_sub","type":"subform","display_name":{"en":"Sub"},"subform_section_id":8,"subform_section_unique_id":"rows","order":12},
          {"name":"f_photo","type":"photo_upload_box","display_name":{"en":"Photo"},"order":13},
          {"name":"f_audio","type":"audio_upload_box","display_name":{"en":"Audio"},"order":14},
          {"name":"f_doc","type":"document_upload_box","display_name":{"en":"Doc"},"order":15},
          {"name":"f_link","type":"link_to_form","display_name":{"en":"Link"},"link_to_form":"basic_identity","order":16},
          {"name":"f_sign","type":"signature","display_name":{"en":"Sign"},"display_conditions_record":{"gt":{"f_number":3}},"order":17},
          {"name":"f_custom","type":"custom","display_name":{"en":"Custom"},"custom_template":"x","order":18}
        ]}
        """;

    private async Task<FakeApi> StartAsync(string form = EveryType)
    {
        var api = new FakeApi()
            .On("GET", "/api/v2/forms/7", HttpStatusCode.OK, $$"""{"data":{{form}} }""")
            .On("GET", "/api/v2/forms", HttpStatusCode.OK, $$"""{"data":[{{form}},{"id":8,"unique_id":"rows","parent_form":"case","is_nested":true,"name":{"en":"Rows"},"fields":[]}]}""")
            .On("GET", "/api/v2/lookups", HttpStatusCode.OK, """{"data":[{"id":1,"unique_id":"lookup-gender","name":{"en":"Gender"},"values":[{"id":"female","display_text":{"en":"Female"}},{"id":"male","display_text":{"en":"Male"}}]}],"metadata":{"total":1}}""")
            .On("PATCH", "/api/v2/forms/7", HttpStatusCode.OK, $$"""{"data":{{form}} }""")
            .WithPermissions(("metadata", "manage"));
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    private static JsonArray SentFields(FakeApi api) => JsonNode.Parse(api.Sent("PATCH", "/api/v2/forms/7").Single().Body)!["data"]!["fields"]!.AsArray();

    [Fact]
    public async Task PublishingUnchanged_SendsEveryFieldTypeBackAsItWas()
    {
        var api = await StartAsync();
        var page = Ctx.Render<FormEdit>(p => p.Add(c => c.Id, 7));
        page.WaitForElement("[data-testid=save-form]").Click();
        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/forms/7")));

        var loaded = JsonNode.Parse(EveryType)!["fields"]!.AsArray();
        var sent = SentFields(api);
        Assert.Equal(loaded.Count, sent.Count);
        for (var i = 0; i < loaded.Count; i++)
            Assert.True(JsonNode.DeepEquals(loaded[i], sent[i]), $"field {i}: {loaded[i]!.ToJsonString()} became {sent[i]!.ToJsonString()}");
    }

    [Fact]
    public async Task ReorderingAndRenaming_SendTheNewOrder_AndTheOldName()
    {
        var api = await StartAsync("""
            {"id":7,"unique_id":"small","parent_form":"case","name":{"en":"Small"},"fields":[
              {"name":"first","type":"text_field","display_name":{"en":"First"},"order":0},
              {"name":"second","type":"text_field","display_name":{"en":"Second"},"order":1}]}
            """);
        var page = Ctx.Render<FormEdit>(p => p.Add(c => c.Id, 7));
        page.WaitForElement("[data-testid=edit-field-second]").Click();
        page.Find("#field-name").Input("second_renamed");
        page.Find("[data-testid=field-done]").Click();
        page.FindAll("[data-testid=field-row-second_renamed] button")[0].Click(); // move up
        page.Find("[data-testid=save-form]").Click();

        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/forms/7")));
        var sent = SentFields(api);
        Assert.Equal(["second_renamed", "first"], sent.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("second", sent[0]!["renamed_from"]!.GetValue<string>());
        Assert.Equal([0, 1], sent.Select(f => f!["order"]!.GetValue<int>()));
        Assert.Null(sent[1]!["renamed_from"]);
    }

    [Fact]
    public async Task ASubformField_AsTheServerSendsIt_KeepsItsNestedForm_WhenEdited()
    {
        // The server names the nested form by number (subform_section_id) and by unique id (subform_section_unique_id).
        var api = await StartAsync();
        var page = Ctx.Render<FormEdit>(p => p.Add(c => c.Id, 7));
        page.WaitForElement("[data-testid=edit-field-f_sub]").Click();
        page.Find("#field-label-en").Input("Sub rows");
        page.Find("[data-testid=field-done]").Click();
        Assert.Empty(page.FindAll("[data-testid=field-problem]"));
        page.Find("[data-testid=save-form]").Click();
        page.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/forms/7")));
        var sub = SentFields(api).Single(f => f!["name"]!.GetValue<string>() == "f_sub")!;
        Assert.Equal("rows", sub["subform_section_unique_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddingAField_WithAnInvalidName_IsRefusedBeforeAnythingIsSent()
    {
        var api = await StartAsync();
        var page = Ctx.Render<FormEdit>(p => p.Add(c => c.Id, 7));
        page.WaitForElement("[data-testid=add-field]").Click();
        page.Find("#field-name").Input("Not Valid");
        page.Find("#field-label-en").Input("Label");
        page.Find("[data-testid=field-done]").Click();
        Assert.NotNull(page.Find("[data-testid=field-problem]"));
        Assert.Empty(api.Sent("PATCH", "/api/v2/forms/7"));
    }

    [Fact]
    public void ConditionEditor_SimpleChoice_WritesAnEqExpressionTypedLikeTheAnswer()
    {
        UseServer(new FakeApi());
        var popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        JsonNode? emitted = null;
        var tick = new Amparo.Forms.TickBoxField { Name = "consent", DisplayName = Amparo.Forms.LocalizedText.Of("Consent") };
        var editor = Ctx.Render<ConditionEditor>(p => p
            .Add(c => c.Condition, JsonNode.Parse("""{"eq":{"consent":false}}"""))
            .Add(c => c.Fields, [tick])
            .Add(c => c.Changed, (JsonNode? c) => emitted = c));
        // The stored condition is recognised as a simple one.
        Assert.Contains("Consent", editor.Markup, StringComparison.Ordinal);
        editor.FindAll(".mud-select-input")[^1].MouseDown(); // the value select comes last
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")));
        popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Ticked", StringComparison.Ordinal) && !i.TextContent.Contains("Not", StringComparison.Ordinal)).Click();
        editor.WaitForAssertion(() => Assert.Equal("""{"eq":{"consent":true}}""", emitted?.ToJsonString()));
    }
}
