namespace Amparo.Forms.Tests;

public sealed class RecordValidatorTests
{
    private sealed class Languages : IOptionResolver
    {
        public IReadOnlyList<FieldOption>? Options(string source) =>
            source == "lookup lookup-language" ? [new("english", LocalizedText.Of("English")), new("arabic", LocalizedText.Of("Arabic"))] : null;
    }

    [Fact]
    public void ValidateTypes_CorrectAnswers_HasNoErrors()
    {
        var data = TestForms.Json("""
            {"name_first":"Amina","sex":"female","languages":["arabic"],"age":12,"date_of_birth":"2014-03-01",
             "estimated":true,"consent":"true","family_details_section":[{"relation_type":"mother","relation_age":35}]}
            """);
        Assert.Empty(RecordValidator.ValidateTypes(data, TestForms.Schema, new Languages()));
    }

    [Theory]
    [InlineData("""{"name_first": 5}""", "/name_first")]
    [InlineData("""{"age": "12"}""", "/age")]
    [InlineData("""{"age": 12.5}""", "/age")]
    [InlineData("""{"age": 131}""", "/age")]
    [InlineData("""{"age": -1}""", "/age")]
    [InlineData("""{"age": 3000000000}""", "/age")]
    [InlineData("""{"sex": "unknown"}""", "/sex")]
    [InlineData("""{"sex": ["female"]}""", "/sex")]
    [InlineData("""{"languages": "english"}""", "/languages")]
    [InlineData("""{"languages": ["klingon"]}""", "/languages")]
    [InlineData("""{"date_of_birth": "01/03/2014"}""", "/date_of_birth")]
    [InlineData("""{"date_of_birth": "2014-02-30"}""", "/date_of_birth")]
    [InlineData("""{"estimated": "yes"}""", "/estimated")]
    [InlineData("""{"consent": "maybe"}""", "/consent")]
    [InlineData("""{"family_details_section": {"relation_type": "mother"}}""", "/family_details_section")]
    [InlineData("""{"family_details_section": [{"relation_age": "old"}]}""", "/family_details_section/0/relation_age")]
    [InlineData("""{"family_details_section": [{"unique_id": "not-a-uuid"}]}""", "/family_details_section/0/unique_id")]
    [InlineData("""{"family_details_section": [{"_destroy": "yes"}]}""", "/family_details_section/0/_destroy")]
    [InlineData("""{"family_details_section": [7]}""", "/family_details_section/0")]
    public void ValidateTypes_WrongType_NamesThePointer(string json, string path)
    {
        var errors = RecordValidator.ValidateTypes(TestForms.Json(json), TestForms.Schema, new Languages());
        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void ValidateTypes_NullClearsAnyField()
    {
        var data = TestForms.Json("""{"name_first":null,"age":null,"sex":null,"date_of_birth":null,"family_details_section":null}""");
        Assert.Empty(RecordValidator.ValidateTypes(data, TestForms.Schema));
    }

    [Fact]
    public void ValidateTypes_DateTimeIsAcceptedForDates()
    {
        Assert.Empty(RecordValidator.ValidateTypes(TestForms.Json("""{"date_of_birth":"2020-03-02T09:06:50-06:00"}"""), TestForms.Schema));
    }

    [Fact]
    public void Sanitize_DropsUnknownAndReadOnlyKeys_KeepsWritableOnes()
    {
        var clean = RecordValidator.Sanitize(
            TestForms.Json("""{"name_first":"A","owned_by":"mallory","case_id_display":"x","sep":"y","unknown":1,"family_details_section":[{"relation_type":"aunt","secret":1,"unique_id":"u"}]}"""),
            TestForms.Schema);
        Assert.Equal(["name_first", "family_details_section"], clean.Select(kv => kv.Key).ToArray());
        var row = clean["family_details_section"]![0]!.AsObject();
        Assert.Equal(["relation_type", "unique_id"], row.Select(kv => kv.Key).ToArray());
    }

    [Fact]
    public void Sanitize_KeepsSystemKeysTheCallerAllows()
    {
        var clean = RecordValidator.Sanitize(TestForms.Json("""{"status":"closed","owned_by":"x"}"""), TestForms.Schema, new HashSet<string> { "status" });
        Assert.Equal(["status"], clean.Select(kv => kv.Key).ToArray());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name_first":""}""")]
    [InlineData("""{"name_first":"   "}""")]
    [InlineData("""{"name_first":null}""")]
    public void ValidateRequired_MissingOrBlank_IsReported(string json)
    {
        var error = Assert.Single(RecordValidator.ValidateRequired(TestForms.Json(json), TestForms.Schema));
        Assert.Equal("/name_first", error.Path);
    }

    [Fact]
    public void ValidateRequired_Answered_HasNoErrors()
    {
        Assert.Empty(RecordValidator.ValidateRequired(TestForms.Json("""{"name_first":"Omar"}"""), TestForms.Schema));
    }
}

public sealed class RecordValidatorBuiltValuesTests
{
    /// <summary>The browser builds answers in code rather than parsing them; they must validate the same.</summary>
    [Fact]
    public void ValidateTypes_ValuesBuiltInCode_AreCheckedLikeParsedOnes()
    {
        var data = new System.Text.Json.Nodes.JsonObject
        {
            ["age"] = System.Text.Json.Nodes.JsonValue.Create(12),
            ["name_first"] = System.Text.Json.Nodes.JsonValue.Create("Amina"),
            ["estimated"] = System.Text.Json.Nodes.JsonValue.Create(true),
        };
        Assert.Empty(RecordValidator.ValidateTypes(data, TestForms.Schema));
        data["age"] = System.Text.Json.Nodes.JsonValue.Create(12.5);
        Assert.Equal("/age", Assert.Single(RecordValidator.ValidateTypes(data, TestForms.Schema)).Path);
    }
}
