using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

/// <summary>Shared helpers: a one-form schema, the JSON round trip and validation of one answer.</summary>
internal static class One
{
    public static FormSchema Schema(params Field[] fields) => Schema([], fields);

    public static FormSchema Schema(FormSection[] subforms, params Field[] fields) =>
        new([new FormSection { UniqueId = "f", ParentForm = "case", Fields = fields }, .. subforms]);

    /// <summary>Writes the field as the API does and reads it back, checking the type survives.</summary>
    public static T RoundTrip<T>(T field) where T : Field
    {
        var json = FormJson.WriteField(field).ToJsonString();
        return Assert.IsType<T>(FormJson.ReadField(JsonNode.Parse(json)!.AsObject()));
    }

    public static IReadOnlyList<string> Errors(Field field, string answerJson, IOptionResolver? options = null, DateOnly? today = null)
    {
        var data = new JsonObject { [field.Name] = JsonNode.Parse(answerJson) };
        return [.. RecordValidator.ValidateTypes(data, Schema(field), options, today).Select(e => e.Path)];
    }

    public static LocalizedText T(string en) => LocalizedText.Of(en);
}

public sealed class TextFieldTests
{
    [Fact]
    public void Validate_TextLongerThanItsTypesLimit_IsRefused_ATextAreaTakesMore()
    {
        var line = new TextField { Name = "name_first" };
        var area = new TextAreaField { Name = "narrative" };
        var limits = new TextLimits(TextField: 10, TextArea: 20);
        IReadOnlyList<ValidationError> Check(Field field, int length) =>
            RecordValidator.ValidateTypes(new JsonObject { [field.Name] = new string('x', length) }, One.Schema(field), limits: limits);
        Assert.Empty(Check(line, 10));
        Assert.Equal("/name_first", Assert.Single(Check(line, 11)).Path);
        Assert.Empty(Check(area, 20));
        Assert.Equal("must be at most 20 characters", Assert.Single(Check(area, 21)).Problem);
        Assert.Equal("/name_first", Assert.Single(RecordValidator.ValidateTypes(new JsonObject { ["name_first"] = new string('x', TextLimits.Default.TextField + 1) }, One.Schema(line))).Path);
    }

    [Fact]
    public void RoundTrip_KeepsHiddenTextAndLabels()
    {
        var back = One.RoundTrip(new TextField { Name = "name_first", DisplayName = One.T("First name"), HiddenText = true, Required = true });
        Assert.True(back.HiddenText);
        Assert.True(back.Required);
        Assert.Equal("First name", back.DisplayName.Get("en"));
    }

    [Theory]
    [InlineData("\"Amina\"", true)]
    [InlineData("\"001\"", true)]
    [InlineData("5", false)]
    [InlineData("true", false)]
    [InlineData("null", true)]
    public void Validate_AcceptsOnlyText(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new TextField { Name = "x" }, answer).Count == 0);
}

public sealed class TextAreaFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheType() => Assert.Equal("textarea", One.RoundTrip(new TextAreaField { Name = "notes" }).TypeName);

    [Theory]
    [InlineData("\"line one\\nline two\"", true)]
    [InlineData("[\"a\"]", false)]
    public void Validate_AcceptsOnlyText(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new TextAreaField { Name = "x" }, answer).Count == 0);
}

public sealed class TickBoxFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheTickBoxLabel() =>
        Assert.Equal("Yes, agreed", One.RoundTrip(new TickBoxField { Name = "consent", TickBoxLabel = One.T("Yes, agreed") }).TickBoxLabel.Get("en"));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", true)]
    [InlineData("\"true\"", false)]
    [InlineData("1", false)]
    public void Validate_AcceptsOnlyBooleans(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new TickBoxField { Name = "x" }, answer).Count == 0);
}

public sealed class SelectFieldTests
{
    private static readonly SelectField Sex = new()
    {
        Name = "sex",
        Options = new OptionSource.Inline([new("female", One.T("Female")), new("male", One.T("Male"))]),
    };

    private sealed class Lookups : IOptionResolver
    {
        public IReadOnlyList<FieldOption>? Options(string source) => source == "lookup lookup-concern"
            ? [new("neglect", One.T("Neglect")), new("violence", One.T("Violence")), new("other", One.T("Other"))]
            : null;
    }

    [Fact]
    public void RoundTrip_KeepsOptionsTagsAndConditions()
    {
        var field = new SelectField
        {
            Name = "party",
            Multiple = true,
            Options = new OptionSource.Inline([new("force_1", One.T("Force 1")) { Tags = ["force"] }, new("old", One.T("Old")) { Disabled = true }]),
            OptionConditions = new Dictionary<string, Expression> { ["force"] = Expression.Parse(JsonNode.Parse("""{"eq":{"category":"force"}}""")) },
        };
        var back = One.RoundTrip(field);
        Assert.True(back.Multiple);
        var options = ((OptionSource.Inline)back.Options).Options;
        Assert.Equal(["force"], options[0].Tags);
        Assert.True(options[1].Disabled);
        Assert.True(back.OptionConditions["force"].Holds(new JsonObject { ["category"] = "force" }));
    }

    [Fact]
    public void RoundTrip_KeepsANamedSource() =>
        Assert.Equal("lookup lookup-concern", ((OptionSource.Named)One.RoundTrip(new SelectField { Name = "c", Options = new OptionSource.Named("lookup lookup-concern") }).Options).Source);

    [Theory]
    [InlineData("\"female\"", true)]
    [InlineData("\"unknown\"", false)]
    [InlineData("[\"female\"]", false)]
    public void Validate_SingleSelect_TakesOneOfItsOptions(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(Sex, answer).Count == 0);

    [Theory]
    [InlineData("[\"neglect\",\"other\"]", true)]
    [InlineData("[]", true)]
    [InlineData("[\"neglect\",\"hunger\"]", false)]
    [InlineData("\"neglect\"", false)]
    public void Validate_MultiSelect_FromALookup_TakesAListOfItsValues(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new SelectField { Name = "c", Multiple = true, Options = new OptionSource.Named("lookup lookup-concern") }, answer, new Lookups()).Count == 0);

    [Fact]
    public void ValidateOfferedOptions_AnOptionWhoseTagConditionFails_IsRejected()
    {
        var field = new SelectField
        {
            Name = "party",
            Options = new OptionSource.Inline([new("force_1", One.T("Force 1")) { Tags = ["force"] }, new("group_1", One.T("Group 1")) { Tags = ["group"] }, new("unknown", One.T("Unknown"))]),
            OptionConditions = new Dictionary<string, Expression>
            {
                ["force"] = Expression.Parse(JsonNode.Parse("""{"eq":{"category":"force"}}""")),
                ["group"] = Expression.Parse(JsonNode.Parse("""{"eq":{"category":"group"}}""")),
            },
        };
        var schema = One.Schema(field, new TextField { Name = "category" });
        var record = new JsonObject { ["category"] = "force", ["party"] = "group_1" };
        Assert.Equal(["/party"], RecordValidator.ValidateOfferedOptions(new JsonObject { ["party"] = "group_1" }, record, schema, null).Select(e => e.Path));
        record["party"] = "force_1";
        Assert.Empty(RecordValidator.ValidateOfferedOptions(new JsonObject { ["party"] = "force_1" }, record, schema, null));
        record["party"] = "unknown"; // untagged: always offered
        Assert.Empty(RecordValidator.ValidateOfferedOptions(new JsonObject { ["party"] = "unknown" }, record, schema, null));
    }
}

public sealed class RadioFieldTests
{
    private static readonly RadioField YesNo = new()
    {
        Name = "consent",
        Options = new OptionSource.Inline([new("true", One.T("Yes")), new("false", One.T("No"))]),
    };

    [Fact]
    public void RoundTrip_KeepsItsOptions() =>
        Assert.Equal(["true", "false"], ((OptionSource.Inline)One.RoundTrip(YesNo).Options).Options.Select(o => o.Id));

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("true", true)]
    [InlineData("\"maybe\"", false)]
    [InlineData("[\"true\"]", false)]
    public void Validate_TakesAnOptionOrABoolean(string answer, bool valid) => Assert.Equal(valid, One.Errors(YesNo, answer).Count == 0);
}

public sealed class NumericFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheRange()
    {
        var back = One.RoundTrip(new NumericField { Name = "age", Min = 0, Max = 130 });
        Assert.Equal((0L, 130L), (back.Min!.Value, back.Max!.Value));
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("0", true)]
    [InlineData("131", false)]
    [InlineData("-1", false)]
    [InlineData("12.5", false)]
    [InlineData("\"12\"", false)]
    [InlineData("3000000000", false)]
    public void Validate_WholeNumbersWithinTheRange(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new NumericField { Name = "age", Min = 0, Max = 130 }, answer).Count == 0);
}

public sealed class DateFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTimeAndNotFutureValidation()
    {
        var back = One.RoundTrip(new DateField { Name = "d", IncludeTime = true, NotFutureDate = true });
        Assert.True(back.IncludeTime);
        Assert.True(back.NotFutureDate);
    }

    [Theory]
    [InlineData("\"2020-02-29\"", true)]
    [InlineData("\"2019-05-10T05:34:59.514Z\"", true)]
    [InlineData("\"2021-02-29\"", false)]
    [InlineData("\"10/05/2019\"", false)]
    [InlineData("20200101", false)]
    public void Validate_IsoDates(string answer, bool valid) => Assert.Equal(valid, One.Errors(new DateField { Name = "d" }, answer).Count == 0);

    [Theory]
    [InlineData("\"2026-11-27\"", true)]
    [InlineData("\"2026-11-28\"", false)]
    public void Validate_NotFutureDate_RefusesDatesAfterToday(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new DateField { Name = "d", NotFutureDate = true }, answer, today: new DateOnly(2026, 11, 27)).Count == 0);
}

public sealed class DateRangeFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheType() => Assert.Equal("date_range", One.RoundTrip(new DateRangeField { Name = "period" }).TypeName);

    [Theory]
    [InlineData("""{"from":"2024-01-01","to":"2024-02-01"}""", true)]
    [InlineData("""{"from":"2024-01-01"}""", true)]
    [InlineData("""{"from":"2024-03-01","to":"2024-02-01"}""", false)]
    [InlineData("""{"from":"soon"}""", false)]
    [InlineData("\"2024-01-01\"", false)]
    public void Validate_APeriodThatDoesNotEndBeforeItStarts(string answer, bool valid) =>
        Assert.Equal(valid, One.Errors(new DateRangeField { Name = "period" }, answer).Count == 0);
}

public sealed class TallyFieldTests
{
    private static readonly TallyField Children = new() { Name = "children", Tally = [new("boys", One.T("Boys")), new("girls", One.T("Girls"))] };

    [Fact]
    public void RoundTrip_KeepsCategoriesAndAutosum()
    {
        var back = One.RoundTrip(Children with { AutosumTotal = false });
        Assert.Equal(["boys", "girls"], back.Tally.Select(t => t.Id));
        Assert.False(back.AutosumTotal);
    }

    [Theory]
    [InlineData("""{"boys":2,"girls":1}""", true)]
    [InlineData("""{"boys":2,"total":2}""", true)]
    [InlineData("""{"boys":-1}""", false)]
    [InlineData("""{"boys":1.5}""", false)]
    [InlineData("""{"cats":1}""", false)]
    [InlineData("3", false)]
    public void Validate_CountsPerCategory(string answer, bool valid) => Assert.Equal(valid, One.Errors(Children, answer).Count == 0);

    [Fact]
    public void Rules_ComputeTheTotal_IgnoringOneSentByTheClient()
    {
        var record = new JsonObject { ["children"] = JsonNode.Parse("""{"boys":2,"girls":3,"total":99}""") };
        var outcome = RecordRules.Apply(record, One.Schema(Children));
        Assert.Equal(5, record["children"]!["total"]!.GetValue<long>());
        Assert.Equal(["children"], outcome.Computed);
    }
}

public sealed class SubformFieldTests
{
    private static readonly FormSection Rows = new()
    {
        UniqueId = "services_section",
        ParentForm = "case",
        IsNested = true,
        Fields =
        [
            new TextField { Name = "service_type", Required = true },
            new SelectField { Name = "service_implemented", Options = new OptionSource.Inline([new("implemented", One.T("Done")), new("not_implemented", One.T("Not done"))]) },
            new DateField { Name = "service_implemented_day_time", ShowWhenInRow = Expression.Parse(JsonNode.Parse("""{"eq":{"service_implemented":"implemented"}}""")) },
        ],
    };

    private static readonly SubformField Services = new() { Name = "services_section", SubformSectionId = "services_section" };

    [Fact]
    public void RoundTrip_KeepsTheSubformReference() =>
        Assert.Equal("services_section", One.RoundTrip(Services).SubformSectionId);

    [Fact]
    public void Validate_RowsAreCheckedAgainstTheirForm_WithRowPointers()
    {
        var data = new JsonObject { ["services_section"] = JsonNode.Parse("""[{"service_type":"x","service_implemented":"maybe"},{"unique_id":"not-a-uuid"}, 5]""") };
        var paths = RecordValidator.ValidateTypes(data, One.Schema([Rows], Services)).Select(e => e.Path);
        Assert.Equal(["/services_section/0/service_implemented", "/services_section/1/unique_id", "/services_section/2"], paths);
    }

    [Fact]
    public void Required_InARow_IsReportedWithTheRowPointer()
    {
        var record = new JsonObject { ["services_section"] = JsonNode.Parse("""[{"service_type":"health"},{"service_implemented":"implemented"}]""") };
        var schema = One.Schema([Rows], Services);
        var outcome = RecordRules.Apply(record, schema);
        Assert.Equal(["/services_section/1/service_type"], RecordValidator.ValidateRequired(record, schema, outcome).Select(e => e.Path));
    }

    [Fact]
    public void RowSkipLogic_DropsTheAnswerOfAHiddenRowField()
    {
        var record = new JsonObject { ["services_section"] = JsonNode.Parse("""[{"service_type":"a","service_implemented":"not_implemented","service_implemented_day_time":"2024-01-01"},{"service_type":"b","service_implemented":"implemented","service_implemented_day_time":"2024-02-01"}]""") };
        RecordRules.Apply(record, One.Schema([Rows], Services));
        Assert.Null(record["services_section"]![0]!["service_implemented_day_time"]);
        Assert.Equal("2024-02-01", record["services_section"]![1]!["service_implemented_day_time"]!.GetValue<string>());
    }
}

public sealed class SeparatorFieldTests
{
    [Fact]
    public void RoundTrip_KeepsItsHeading() => Assert.Equal("Family", One.RoundTrip(new SeparatorField { Name = "sep", DisplayName = One.T("Family") }).DisplayName.Get("en"));

    [Fact]
    public void Sanitize_NeverStoresAnAnswerForIt() =>
        Assert.Empty(RecordValidator.Sanitize(new JsonObject { ["sep"] = "x" }, One.Schema(new SeparatorField { Name = "sep" })));
}

public sealed class UploadFieldTests
{
    [Theory]
    [InlineData(UploadKind.Photo, "photo_upload_box")]
    [InlineData(UploadKind.Audio, "audio_upload_box")]
    [InlineData(UploadKind.Document, "document_upload_box")]
    public void RoundTrip_KeepsTheKind(UploadKind kind, string typeName)
    {
        var back = One.RoundTrip(new UploadField { Name = "files", Kind = kind });
        Assert.Equal((kind, typeName), (back.Kind, back.TypeName));
    }

    [Fact]
    public void Sanitize_DropsUploadsSentAsData_TheyGoThroughTheAttachmentApi() =>
        Assert.Empty(RecordValidator.Sanitize(new JsonObject { ["photos"] = "x" }, One.Schema(new UploadField { Name = "photos", Kind = UploadKind.Photo })));
}

public sealed class CalculatedFieldTests
{
    private static readonly CalculatedField Household = new()
    {
        Name = "household_total",
        Calculation = Expression.Parse(JsonNode.Parse("""{"sum":["adults","children"]}""")),
    };

    [Fact]
    public void RoundTrip_KeepsTheExpression()
    {
        var back = One.RoundTrip(Household);
        Assert.Equal(7, back.Calculation!.Number(new JsonObject { ["adults"] = 2, ["children"] = 5 }));
    }

    [Fact]
    public void Sanitize_DropsAValueSentByTheClient() =>
        Assert.Empty(RecordValidator.Sanitize(new JsonObject { ["household_total"] = 100 }, One.Schema(Household)));

    [Fact]
    public void Rules_ComputeTheValueFromTheAnswers()
    {
        var record = new JsonObject { ["adults"] = 2, ["children"] = 3, ["household_total"] = 100 };
        var outcome = RecordRules.Apply(record, One.Schema(new NumericField { Name = "adults" }, new NumericField { Name = "children" }, Household));
        Assert.Equal(5, record["household_total"]!.GetValue<long>());
        Assert.Contains("household_total", outcome.Computed);
    }

    [Fact]
    public void Rules_AverageWithDecimals_RoundsToThem()
    {
        var average = new CalculatedField { Name = "score", Calculation = Expression.Parse(JsonNode.Parse("""{"avg":{"data":["a","b","c"],"extra":{"decimalPlaces":1}}}""")) };
        var record = new JsonObject { ["a"] = 1, ["b"] = 2 }; // c unanswered: not counted
        RecordRules.Apply(record, One.Schema(average));
        Assert.Equal(1.5, record["score"]!.GetValue<double>());
    }
}

public sealed class LinkToFormFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheTargetForm() => Assert.Equal("closure", One.RoundTrip(new LinkToFormField { Name = "go", TargetForm = "closure" }).TargetForm);

    [Fact]
    public void Sanitize_ALinkHoldsNoAnswer() =>
        Assert.Empty(RecordValidator.Sanitize(new JsonObject { ["go"] = "x" }, One.Schema(new LinkToFormField { Name = "go", TargetForm = "closure" })));
}

public sealed class SignatureFieldTests
{
    [Fact]
    public void RoundTrip_KeepsTheType() => Assert.Equal("signature", One.RoundTrip(new SignatureField { Name = "sig" }).TypeName);

    [Fact]
    public void Sanitize_KeepsTheSignatureAnswer() =>
        Assert.Single(RecordValidator.Sanitize(new JsonObject { ["sig"] = "data:image/png;base64,AAAA" }, One.Schema(new SignatureField { Name = "sig" })));
}

public sealed class UnknownAttributeTests
{
    [Fact]
    public void PrimeroAttributesAmparoDoesNotInterpret_SurviveARoundTrip()
    {
        var json = JsonNode.Parse("""
            {"name":"x","type":"text_field","display_name_en":"X","show_on_minify_form":true,"field_tags":["pii"],
             "display_name_fr":"Ix","help_text_i18n":{"en":"Help"}}
            """)!.AsObject();
        var written = FormJson.WriteField(FormJson.ReadField(json));
        Assert.True(written["show_on_minify_form"]!.GetValue<bool>());
        Assert.Equal("pii", written["field_tags"]![0]!.GetValue<string>());
        Assert.Equal("Ix", written["display_name"]!["fr"]!.GetValue<string>());
        Assert.Equal("Help", written["help_text"]!["en"]!.GetValue<string>());
        Assert.Null(written["display_name_en"]); // folded into display_name, not kept twice
    }
}

public sealed class SubformOptionConditionTests
{
    [Fact]
    public void ValidateOfferedOptions_InARow_ReadsTheRowsOwnAnswers()
    {
        var rows = new FormSection
        {
            UniqueId = "perpetrators",
            ParentForm = "incident",
            IsNested = true,
            Fields =
            [
                new SelectField { Name = "category", Options = new OptionSource.Inline([new("armed_force", One.T("Armed force")), new("armed_group", One.T("Armed group"))]) },
                new SelectField
                {
                    Name = "party",
                    Options = new OptionSource.Inline([new("force_1", One.T("Force 1")) { Tags = ["armed-force"] }, new("group_1", One.T("Group 1")) { Tags = ["armed-group"] }]),
                    OptionConditions = new Dictionary<string, Expression>
                    {
                        ["armed-force"] = Expression.Parse(JsonNode.Parse("""{"eq":{"category":"armed_force"}}""")),
                        ["armed-group"] = Expression.Parse(JsonNode.Parse("""{"eq":{"category":"armed_group"}}""")),
                    },
                },
            ],
        };
        var schema = One.Schema([rows], new SubformField { Name = "perpetrator_rows", SubformSectionId = "perpetrators" });
        var record = TestForms.Json("""{"perpetrator_rows":[{"category":"armed_force","party":"force_1"},{"category":"armed_force","party":"group_1"}]}""");
        var errors = RecordValidator.ValidateOfferedOptions(TestForms.Json("""{"perpetrator_rows":[]}"""), record, schema, null);
        Assert.Equal(["/perpetrator_rows/1/party"], errors.Select(e => e.Path));
    }
}
