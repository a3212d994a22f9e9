using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>The form builder's API: every field type round-trips, definitions are checked, renames move answers, versions are kept.</summary>
public abstract class FormBuilderTests(AmparoServer server) : ServerTests(server)
{
    private static string Id(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonObject> CreateFormAsync(string json)
    {
        var response = await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json($$"""{"data": {{json}} }"""));
        return (await response.OkBodyAsync())["data"]!.AsObject();
    }

    private static string Text(string en) => $$"""{"en":"{{en}}","fr":"{{en}} (fr)"}""";

    [Fact]
    public async Task CreateForm_WithEveryFieldType_RoundTripsThroughTheApi()
    {
        var rows = Id("rows");
        await CreateFormAsync($$"""
            {"unique_id":"{{rows}}","parent_form":"case","name":{{Text("Rows")}},"is_nested":true,"module_ids":["primeromodule-cp"],
             "fields":[{"name":"row_text","type":"text_field","display_name":{{Text("Row text")}} }]}
            """);
        var formId = Id("every");
        var created = await CreateFormAsync($$"""
            {"unique_id":"{{formId}}","parent_form":"case","name":{{Text("Every type")}},"form_group_id":"testing","module_ids":["primeromodule-cp"],
             "display_conditions":{"eq":{"sex":"female"} },
             "fields":[
              {"name":"f_text","type":"text_field","display_name":{{Text("Text")}},"hidden_text_field":true,"required":true},
              {"name":"f_area","type":"textarea","display_name":{{Text("Area")}} },
              {"name":"f_tick","type":"tick_box","display_name":{{Text("Tick")}},"tick_box_label":{{Text("Yes")}} },
              {"name":"f_select","type":"select_box","display_name":{{Text("Select")}},"multi_select":true,"option_strings_source":"lookup lookup-gender"},
              {"name":"f_inline","type":"select_box","display_name":{{Text("Inline")}},"option_strings_text":[{"id":"a","display_text":{{Text("A")}} },{"id":"b","display_text":{{Text("B")}},"tags":["t"]}],
               "option_strings_condition":{"t":{"eq":{"f_tick":true} } } },
              {"name":"f_radio","type":"radio_button","display_name":{{Text("Radio")}},"option_strings_text":[{"id":"true","display_text":{{Text("Yes")}} },{"id":"false","display_text":{{Text("No")}} }]},
              {"name":"f_number","type":"numeric_field","display_name":{{Text("Number")}},"min":1,"max":9},
              {"name":"f_date","type":"date_field","display_name":{{Text("Date")}},"date_include_time":true,"date_validation":"not_future_date"},
              {"name":"f_range","type":"date_range","display_name":{{Text("Range")}} },
              {"name":"f_tally","type":"tally_field","display_name":{{Text("Tally")}},"tally":[{"id":"boys","display_text":{{Text("Boys")}} },{"id":"girls","display_text":{{Text("Girls")}} }]},
              {"name":"f_calc","type":"calculated","display_name":{{Text("Calc")}},"calculation":{"expression":{"sum":["f_number",2]} } },
              {"name":"f_sep","type":"separator","display_name":{{Text("Section")}} },
              {"name":"f_sub","type":"subform","display_name":{{Text("Sub")}},"subform_section_id":"{{rows}}"},
              {"name":"f_photo","type":"photo_upload_box","display_name":{{Text("Photo")}} },
              {"name":"f_audio","type":"audio_upload_box","display_name":{{Text("Audio")}} },
              {"name":"f_doc","type":"document_upload_box","display_name":{{Text("Doc")}} },
              {"name":"f_link","type":"link_to_form","display_name":{{Text("Link")}},"link_to_form":"basic_identity"},
              {"name":"f_sign","type":"signature","display_name":{{Text("Sign")}},"display_conditions_record":{"gt":{"f_number":3} } },
              {"name":"f_custom","type":"custom","display_name":{{Text("Custom")}},"custom_template":"x"}
             ]}
            """);
        var shown = (await (await server.AsAdmin().GetAsync($"/api/v2/forms/{created["id"]}")).OkBodyAsync())["data"]!;
        var fields = shown["fields"]!.AsArray().ToDictionary(f => f!["name"].Str(), f => f!.AsObject());
        Assert.Equal(["text_field", "textarea", "tick_box", "select_box", "select_box", "radio_button", "numeric_field", "date_field", "date_range",
            "tally_field", "calculated", "separator", "subform", "photo_upload_box", "audio_upload_box", "document_upload_box", "link_to_form", "signature", "custom"],
            shown["fields"]!.AsArray().Select(f => f!["type"].Str()));
        Assert.True(fields["f_text"]["hidden_text_field"]!.GetValue<bool>());
        Assert.Equal("Yes (fr)", fields["f_tick"]["tick_box_label"]!["fr"].Str());
        Assert.Equal("lookup lookup-gender", fields["f_select"]["option_strings_source"].Str());
        Assert.True(fields["f_select"]["multi_select"]!.GetValue<bool>());
        Assert.Equal("t", fields["f_inline"]["option_strings_text"]![1]!["tags"]![0].Str());
        Assert.NotNull(fields["f_inline"]["option_strings_condition"]!["t"]);
        Assert.Equal(9, fields["f_number"]["max"]!.GetValue<int>());
        Assert.Equal("not_future_date", fields["f_date"]["date_validation"].Str());
        Assert.Equal(["boys", "girls"], fields["f_tally"]["tally"]!.AsArray().Select(t => t!["id"].Str()));
        Assert.Equal(2, fields["f_calc"]["calculation"]!["expression"]!["sum"]![1]!.GetValue<int>());
        Assert.Equal(rows, fields["f_sub"]["subform_section_unique_id"].Str());
        Assert.True(fields["f_sub"]["subform_section_id"]!.GetValue<int>() > 0); // the nested form's number, as Primero writes it
        Assert.Equal("basic_identity", fields["f_link"]["link_to_form"].Str());
        Assert.Equal(3, fields["f_sign"]["display_conditions_record"]!["gt"]!["f_number"]!.GetValue<int>());
        Assert.Equal("x", fields["f_custom"]["custom_template"].Str());
        Assert.Equal("female", shown["display_conditions"]!["eq"]!["sex"].Str());
        Assert.Equal("Every type (fr)", shown["name"]!["fr"].Str());
    }

    [Theory]
    [InlineData("""[{"name":"Bad Name","type":"text_field","display_name":{"en":"x"}}]""", "fields/0/name")]
    [InlineData("""[{"name":"x","type":"select_box","display_name":{"en":"x"},"option_strings_source":"lookup lookup-nowhere"}]""", "fields/0/option_strings_source")]
    [InlineData("""[{"name":"x","type":"text_field","display_name":{"en":"x"},"display_conditions_record":{"gt":{"age":"old"}}}]""", "fields/0/display_conditions_record")]
    [InlineData("""[{"name":"x","type":"subform","display_name":{"en":"x"},"subform_section_id":"no_such_subform"}]""", "fields/0/subform_section_id")]
    [InlineData("""[{"name":"x","type":"calculated","display_name":{"en":"x"}}]""", "fields/0/calculation")]
    [InlineData("""[{"name":"x","type":"text_field"},{"name":"x","type":"textarea"}]""", "fields/1/name")]
    [InlineData("""[{"name":"x","type":"hologram"}]""", "fields/0/type")]
    public async Task CreateForm_InvalidDefinition_Is422NamingTheAttribute(string fields, string attribute)
    {
        var response = await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json($$"""{"data":{"unique_id":"{{Id("bad")}}","parent_form":"case","name":{"en":"Bad"},"fields":{{fields}} } }"""));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(attribute, error["detail"]!.AsArray().Select(d => d!["detail"].Str()));
    }

    [Fact]
    public async Task CreateForm_WithoutMetadataManagement_IsForbidden()
    {
        var (user, password) = await server.CreateUserAsync();
        await (await server.As(user, password).PostAsync("/api/v2/forms", Http.Json("""{"data":{"unique_id":"nope","name":{"en":"Nope"},"fields":[]}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RenamingAField_MovesTheAnswersOfExistingRecords_AndPublishesANewVersion()
    {
        var formId = Id("rename");
        var form = await CreateFormAsync($$"""
            {"unique_id":"{{formId}}","parent_form":"case","name":{"en":"Rename"},"module_ids":["primeromodule-cp"],
             "fields":[{"name":"{{formId}}_old","type":"text_field","display_name":{"en":"Old"} }]}
            """);
        Assert.Equal(1, form["version"]!.GetValue<int>());
        var admin = server.AsAdmin();
        var caseId = (await admin.CreateCaseAsync($$"""{"name_first":"Rana","{{formId}}_old":"kept answer"}"""))["id"].Str();

        var patched = await (await admin.PatchJsonAsync($"/api/v2/forms/{form["id"]}",
            $$"""{"data":{"fields":[{"name":"{{formId}}_new","renamed_from":"{{formId}}_old","display_name":{"en":"New"} }]} }""")).OkBodyAsync();
        Assert.Equal(2, patched["data"]!["version"]!.GetValue<int>());
        Assert.Equal("text_field", patched["data"]!["fields"]![0]!["type"].Str());
        Assert.Null(patched["data"]!["fields"]![0]!["renamed_from"]);

        var record = (await (await admin.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.Equal("kept answer", record[$"{formId}_new"].Str());
        Assert.Null(record[$"{formId}_old"]);
    }

    [Fact]
    public async Task RemovingAField_HidesItsAnswers_WithoutDestroyingThem()
    {
        var formId = Id("remove");
        var form = await CreateFormAsync($$"""
            {"unique_id":"{{formId}}","parent_form":"case","name":{"en":"Remove"},"module_ids":["primeromodule-cp"],
             "fields":[{"name":"{{formId}}_a","type":"text_field","display_name":{"en":"A"} },{"name":"{{formId}}_b","type":"text_field","display_name":{"en":"B"} }]}
            """);
        var admin = server.AsAdmin();
        var caseId = (await admin.CreateCaseAsync($$"""{"name_first":"Omar","{{formId}}_a":"first","{{formId}}_b":"second"}"""))["id"].Str();

        await (await admin.PatchJsonAsync($"/api/v2/forms/{form["id"]}", $$"""{"data":{"fields":[{"name":"{{formId}}_a"}]} }""")).OkBodyAsync();
        var hidden = (await (await admin.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.Null(hidden[$"{formId}_b"]);
        // An edit in between does not lose it either.
        await (await admin.PatchJsonAsync($"/api/v2/cases/{caseId}", $$"""{"data":{"{{formId}}_a":"edited"} }""")).OkBodyAsync();

        await (await admin.PatchJsonAsync($"/api/v2/forms/{form["id"]}",
            $$"""{"data":{"fields":[{"name":"{{formId}}_a"},{"name":"{{formId}}_b","type":"text_field","display_name":{"en":"B again"} }]} }""")).OkBodyAsync();
        var back = (await (await admin.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.Equal("second", back[$"{formId}_b"].Str());
        Assert.Equal("edited", back[$"{formId}_a"].Str());
    }

    [Fact]
    public async Task ChangingAFieldsType_IsRefused()
    {
        var formId = Id("types");
        var form = await CreateFormAsync($$"""
            {"unique_id":"{{formId}}","parent_form":"case","name":{"en":"Types"},"fields":[{"name":"{{formId}}_n","type":"numeric_field","display_name":{"en":"N"} }]}
            """);
        var error = await (await server.AsAdmin().PatchJsonAsync($"/api/v2/forms/{form["id"]}", $$"""{"data":{"fields":[{"name":"{{formId}}_n","type":"text_field"}]} }"""))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("fields/0/type", error["detail"]![0]!["detail"].Str());
    }

    [Fact]
    public async Task Records_RememberTheConfigurationVersionTheyWereSavedAgainst()
    {
        var formId = Id("version");
        var form = await CreateFormAsync($$"""
            {"unique_id":"{{formId}}","parent_form":"case","name":{"en":"Version"},"module_ids":["primeromodule-cp"],"fields":[{"name":"{{formId}}_x","type":"text_field","display_name":{"en":"X"} }]}
            """);
        var admin = server.AsAdmin();
        var caseId = Guid.Parse((await admin.CreateCaseAsync("""{"name_first":"Nour"}"""))["id"].Str());
        long savedAgainst = 0, latestAtSave = 0, latestNow = 0;
        await server.InTenantAsync(null, async (db, _) =>
        {
            savedAgainst = (await db.Records.SingleAsync(r => r.Id == caseId)).FormVersion;
            latestAtSave = await db.Set<Amparo.Server.Features.Forms.FormSectionVersion>().MaxAsync(v => v.Id);
        });
        Assert.Equal(latestAtSave, savedAgainst);

        await (await admin.PatchJsonAsync($"/api/v2/forms/{form["id"]}", """{"data":{"name":{"en":"Version 2"}}}""")).OkBodyAsync();
        await server.InTenantAsync(null, async (db, _) =>
        {
            latestNow = await db.Set<Amparo.Server.Features.Forms.FormSectionVersion>().MaxAsync(v => v.Id);
            var versions = await db.Set<Amparo.Server.Features.Forms.FormSectionVersion>().Where(v => v.UniqueId == formId).OrderBy(v => v.Version).ToListAsync();
            Assert.Equal([1, 2], versions.Select(v => v.Version));
            Assert.Contains("\"Version\"", versions[0].Definition, StringComparison.Ordinal);
            Assert.Equal(savedAgainst, (await db.Records.SingleAsync(r => r.Id == caseId)).FormVersion);
        });
        Assert.True(latestNow > savedAgainst);
    }

    [Fact]
    public async Task DeletingACoreForm_IsForbidden_AndAnOrdinaryFormGoesWithItsOwnSubforms()
    {
        var admin = server.AsAdmin();
        var identity = (await (await admin.GetAsync("/api/v2/forms?unique_id=basic_identity")).OkBodyAsync())["data"]![0]!;
        await (await admin.DeleteAsync($"/api/v2/forms/{identity["id"]}")).ErrorAsync(HttpStatusCode.Forbidden);

        var rows = Id("own_rows");
        await CreateFormAsync($$"""{"unique_id":"{{rows}}","parent_form":"case","name":{"en":"Rows"},"is_nested":true,"fields":[{"name":"r","type":"text_field"}]}""");
        var form = await CreateFormAsync($$"""{"unique_id":"{{Id("owner")}}","parent_form":"case","name":{"en":"Owner"},"fields":[{"name":"s","type":"subform","subform_section_id":"{{rows}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v2/forms/{form["id"]}")).StatusCode);
        var left = (await (await admin.GetAsync($"/api/v2/forms?unique_id={rows}")).OkBodyAsync())["data"]!.AsArray();
        Assert.Empty(left);
    }

    [Fact]
    public async Task ANewFormGroup_JoinsTheModulesFormGroupLookup()
    {
        var group = Id("group");
        await CreateFormAsync($$"""{"unique_id":"{{Id("grouped")}}","parent_form":"case","name":{"en":"Grouped"},"form_group_id":"{{group}}","module_ids":["primeromodule-cp"],"fields":[]}""");
        var lookups = (await (await server.AsAdmin().GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray();
        var groups = lookups.Single(l => l!["unique_id"].Str() == "lookup-form-group-cp-case")!;
        Assert.Contains(groups["values"]!.AsArray(), v => v!["id"].Str() == group);
    }
}

public sealed class FormBuilderTests_Sqlite(SqliteServer server) : FormBuilderTests(server), IClassFixture<SqliteServer>;

public sealed class FormBuilderTests_Postgres(PostgresServer server) : FormBuilderTests(server), IClassFixture<PostgresServer>;
