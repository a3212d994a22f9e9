using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

public sealed class FormJsonTests
{
    [Fact]
    public void WriteThenRead_RoundTripsEveryFieldType()
    {
        var form = TestForms.Identity with { Name = new LocalizedText(new Dictionary<string, string> { ["en"] = "Identity", ["fr"] = "Identité" }) };
        var back = FormJson.ReadForm(JsonNode.Parse(FormJson.WriteForm(form).ToJsonString())!.AsObject());
        Assert.Equal("Identité", back.Name.Get("fr"));
        Assert.Equal(form.Fields.Select(f => (f.Name, f.TypeName, f.Required)), back.Fields.Select(f => (f.Name, f.TypeName, f.Required)));
        var sex = Assert.IsType<SelectField>(back.Fields.Single(f => f.Name == "sex"));
        Assert.Equal(["female", "male"], ((OptionSource.Inline)sex.Options).Options.Select(o => o.Id));
        Assert.Equal(130, Assert.IsType<NumericField>(back.Fields.Single(f => f.Name == "age")).Max);
    }

    [Fact]
    public void ReadForm_SeedFileShape_ReadsLocaleSuffixedKeys()
    {
        var form = FormJson.ReadForm(TestForms.Json("""
            {"unique_id":"f","parent_form":"case","name_en":"Basic","name_fr":"Base","fields":[
              {"name":"sex","type":"select_box","display_name_en":"Sex","option_strings_text_en":[{"id":"f","display_text":"Female"}]},
              {"name":"status","type":"select_box","option_strings_source":"lookup lookup-case-status","editable":false,"disabled":true}]}
            """));
        Assert.Equal("Base", form.Name.Get("fr"));
        Assert.Equal("Basic", form.Name.Get("ar"));
        var sex = Assert.IsType<SelectField>(form.Fields[0]);
        Assert.Equal("Female", ((OptionSource.Inline)sex.Options).Options.Single().DisplayText.Get("en"));
        var status = Assert.IsType<SelectField>(form.Fields[1]);
        Assert.Equal("lookup lookup-case-status", Assert.IsType<OptionSource.Named>(status.Options).Source);
        Assert.False(status.IsUserEditable);
    }

    [Fact]
    public void Filterable_IsReadAndWritten_OnlyWhenSet()
    {
        var form = FormJson.ReadForm(TestForms.Json("""
            {"unique_id":"f","parent_form":"case","fields":[{"name":"a","type":"text_field","filterable":true},{"name":"b","type":"text_field"}]}
            """));
        Assert.Equal([true, false], form.Fields.Select(f => f.Filterable));
        var written = FormJson.WriteForm(form)["fields"]!.AsArray();
        Assert.True(written[0]!["filterable"]!.GetValue<bool>());
        Assert.Null(written[1]!["filterable"]);
        Assert.Null(form.Fields[0].Extra?["filterable"]);
    }

    [Fact]
    public void ReadForm_UnknownFieldType_IsRejected()
    {
        Assert.Throws<FormatException>(() => FormJson.ReadForm(TestForms.Json("""{"unique_id":"f","fields":[{"name":"x","type":"hologram"}]}""")));
    }

    /// <summary>Primero's own default configuration (AGPL data, read from ../shared, never copied) must load.</summary>
    [Fact]
    public void ReadForm_PrimeroDefaultConfiguration_AllFormsLoad()
    {
        var path = SharedFixture("primero-config/forms.json");
        var forms = JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(f => FormJson.ReadForm(f!.AsObject())).ToList();
        Assert.Equal(64, forms.Count);
        Assert.Equal(15, forms.Count(f => f.IsNested));
        Assert.Equal(476, forms.Sum(f => f.Fields.Count));
        var identity = forms.Single(f => f.UniqueId == "basic_identity");
        Assert.Contains(identity.Fields, f => f is DateField { Name: "date_of_birth" });
        // The whole configuration makes one schema in which every subform field finds its rows' form.
        var schema = new FormSchema(forms.Where(f => f.ParentForm == "case"));
        var subforms = schema.Fields.Values.OfType<SubformField>().ToList();
        Assert.NotEmpty(subforms);
        Assert.All(subforms, s => Assert.NotNull(schema.RowSchema(s)));
    }

    internal static string SharedFixture(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"../shared/fixtures/{relative} was not found beside the repository.");
    }
}

public sealed class LocalizedTextTests
{
    [Theory]
    [InlineData("fr", "Bonjour")]
    [InlineData("fr-CA", "Bonjour")]
    [InlineData("ar", "Hello")]
    public void Get_FallsBackToRegionlessThenDefaultLocale(string locale, string expected)
    {
        var text = new LocalizedText(new Dictionary<string, string> { ["en"] = "Hello", ["fr"] = "Bonjour", ["ar"] = "" });
        Assert.Equal(expected, text.Get(locale));
    }
}
