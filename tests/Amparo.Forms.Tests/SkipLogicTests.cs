using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

/// <summary>Evaluated expressions, as Primero's client evaluates them (operators, shorthand, edge cases).</summary>
public sealed class ExpressionTests
{
    private static bool Holds(string expression, string record) =>
        Expression.Parse(JsonNode.Parse(expression)).Holds(JsonNode.Parse(record)!.AsObject());

    [Theory]
    [InlineData("""{"eq":{"sex":"female"}}""", """{"sex":"female"}""", true)]
    [InlineData("""{"eq":{"sex":"female"}}""", """{"sex":"male"}""", false)]
    [InlineData("""{"eq":{"sex":"female"}}""", """{}""", false)]
    [InlineData("""{"eq":{"consent":false}}""", """{}""", true)]
    [InlineData("""{"eq":{"age":5}}""", """{"age":5.0}""", true)]
    [InlineData("""{"eq":{"age":5}}""", """{"age":"5"}""", false)]
    [InlineData("""{"eq":{"seen_on":"2024-01-01"}}""", """{"seen_on":"2024-01-01T00:00:00Z"}""", true)]
    [InlineData("""{"eq":{"languages":["a","b"]}}""", """{"languages":["a","b"]}""", true)]
    public void Eq(string expression, string record, bool expected) => Assert.Equal(expected, Holds(expression, record));

    [Theory]
    [InlineData("""{"gt":{"age":5}}""", """{"age":6}""", true)]
    [InlineData("""{"gt":{"age":5}}""", """{"age":5}""", false)]
    [InlineData("""{"ge":{"age":5}}""", """{"age":5}""", true)]
    [InlineData("""{"lt":{"age":5}}""", """{"age":4}""", true)]
    [InlineData("""{"le":{"age":5}}""", """{"age":6}""", false)]
    [InlineData("""{"lt":{"age":5}}""", """{}""", false)]
    [InlineData("""{"gt":{"date_of_birth":"2020-01-01"}}""", """{"date_of_birth":"2021-06-01"}""", true)]
    [InlineData("""{"gt":{"date_of_birth":"2020-01-01"}}""", """{"date_of_birth":"2019-06-01"}""", false)]
    public void Ordering(string expression, string record, bool expected) => Assert.Equal(expected, Holds(expression, record));

    [Theory]
    [InlineData("""{"in":{"risk":["high","medium"]}}""", """{"risk":"high"}""", true)]
    [InlineData("""{"in":{"risk":["high","medium"]}}""", """{"risk":"low"}""", false)]
    [InlineData("""{"in":{"concerns":["other"]}}""", """{"concerns":["neglect","other"]}""", true)]
    [InlineData("""{"in":{"concerns":["other","neglect"]}}""", """{"concerns":["other"]}""", false)]
    [InlineData("""{"in":{"risk":["high"]}}""", """{}""", false)]
    public void In(string expression, string record, bool expected) => Assert.Equal(expected, Holds(expression, record));

    [Theory]
    [InlineData("""{"or":[{"sex":"female"},{"and":[{"sex":"male"},{"in":{"risk":["high","medium"]}}]},{"le":{"age":5}}]}""", """{"sex":"male","risk":"medium","age":9}""", true)]
    [InlineData("""{"or":[{"sex":"female"},{"and":[{"sex":"male"},{"in":{"risk":["high","medium"]}}]},{"le":{"age":5}}]}""", """{"sex":"male","risk":"low","age":9}""", false)]
    [InlineData("""{"not":{"eq":{"sex":"female"}}}""", """{"sex":"male"}""", true)]
    [InlineData("""{"sex":"female","age":3}""", """{"sex":"female","age":3}""", true)]
    [InlineData("""{"sex":"female","age":3}""", """{"sex":"female","age":4}""", false)]
    [InlineData("""{"sex":["female","other"]}""", """{"sex":"other"}""", true)]
    [InlineData("""[{"sex":"female"},{"age":3}]""", """{"age":3}""", true)]
    public void LogicAndShorthand(string expression, string record, bool expected) => Assert.Equal(expected, Holds(expression, record));

    [Fact]
    public void Sum_CountsMissingAnswersAsZero_AndReadsNumericText()
    {
        var sum = Expression.Parse(JsonNode.Parse("""{"sum":["a","b","c",10]}"""));
        Assert.Equal(13, sum.Number(new JsonObject { ["a"] = 1, ["b"] = "2" }));
    }

    [Fact]
    public void Avg_WithoutDecimalPlaces_RoundsDown()
    {
        var avg = Expression.Parse(JsonNode.Parse("""{"avg":["a","b"]}"""));
        Assert.Equal(1, avg.Number(new JsonObject { ["a"] = 1, ["b"] = 2 }));
    }

    [Theory]
    [InlineData("""{"gt":{"age":"old"}}""")]
    [InlineData("""{"in":{"age":5}}""")]
    [InlineData("""{"eq":{"a":1,"b":2}}""")]
    [InlineData("""{"and":[]}""")]
    [InlineData("\"female\"")]
    public void Parse_Malformed_IsRejected(string expression) =>
        Assert.Throws<FormatException>(() => Expression.Parse(JsonNode.Parse(expression)));

    [Fact]
    public void Fields_ListsEveryFieldRead()
    {
        Assert.Equal(["sex", "risk", "age"], Expression.Parse(JsonNode.Parse("""{"or":[{"sex":"f"},{"in":{"risk":["x"]}},{"not":{"gt":{"age":3}}}]}""")).Fields);
        Assert.Equal(["a", "b"], Expression.Parse(JsonNode.Parse("""{"avg":{"data":["a",{"sum":["b",2]}]}}""")).Fields);
    }
}

/// <summary>Skip logic applied to a whole record: hidden answers are dropped, chained conditions settle, forms hide.</summary>
public sealed class SkipLogicTests
{
    private static readonly FormSection Identity = new()
    {
        UniqueId = "identity",
        ParentForm = "case",
        Fields =
        [
            new SelectField { Name = "displacement", Options = new OptionSource.Inline([new("idp", One.T("IDP")), new("other", One.T("Other"))]) },
            new TextField { Name = "displacement_other", Required = true, ShowWhen = Expression.Parse(JsonNode.Parse("""{"eq":{"displacement":"other"}}""")) },
            new TextField { Name = "displacement_other_detail", ShowWhen = Expression.Parse(JsonNode.Parse("""{"eq":{"displacement_other":"camp"}}""")) },
            new NumericField { Name = "age" },
        ],
    };

    private static readonly FormSection Pregnancy = new()
    {
        UniqueId = "pregnancy",
        ParentForm = "case",
        ShowWhen = Expression.Parse(JsonNode.Parse("""{"ge":{"age":12}}""")),
        Fields = [new TextField { Name = "pregnancy_notes", Required = true }],
    };

    private static readonly FormSchema Schema = new([Identity, Pregnancy]);

    [Fact]
    public void HiddenField_AnswerIsDropped_AndItIsNotRequired()
    {
        var record = TestForms.Json("""{"displacement":"idp","displacement_other":"typed before changing","age":8}""");
        var outcome = RecordRules.Apply(record, Schema);
        Assert.False(record.ContainsKey("displacement_other"));
        Assert.Equal(["displacement_other"], outcome.Cleared);
        Assert.True(outcome.IsHidden("/displacement_other"));
        Assert.Empty(RecordValidator.ValidateRequired(record, Schema, outcome));
    }

    [Fact]
    public void ShownField_IsKept_AndRequired()
    {
        var record = TestForms.Json("""{"displacement":"other","age":8}""");
        var outcome = RecordRules.Apply(record, Schema);
        Assert.Equal(["/displacement_other"], RecordValidator.ValidateRequired(record, Schema, outcome).Select(e => e.Path));
    }

    [Fact]
    public void ChainedConditions_SettleInOneCall()
    {
        var record = TestForms.Json("""{"displacement":"idp","displacement_other":"camp","displacement_other_detail":"north","age":8}""");
        RecordRules.Apply(record, Schema);
        Assert.False(record.ContainsKey("displacement_other"));
        Assert.False(record.ContainsKey("displacement_other_detail")); // its condition read a value that is gone
    }

    [Fact]
    public void HiddenForm_HidesEveryFieldOnIt()
    {
        var record = TestForms.Json("""{"age":8,"pregnancy_notes":"x"}""");
        var outcome = RecordRules.Apply(record, Schema);
        Assert.False(record.ContainsKey("pregnancy_notes"));
        Assert.Empty(RecordValidator.ValidateRequired(record, Schema, outcome));

        var older = TestForms.Json("""{"age":14}""");
        var shown = RecordRules.Apply(older, Schema);
        Assert.Equal(["/pregnancy_notes"], RecordValidator.ValidateRequired(older, Schema, shown).Select(e => e.Path));
    }

    [Fact]
    public void IsShown_AnswersTheSameForTheClient()
    {
        var other = Identity.Fields[1];
        Assert.True(RecordRules.IsShown(other, Identity, TestForms.Json("""{"displacement":"other"}""")));
        Assert.False(RecordRules.IsShown(other, Identity, TestForms.Json("""{"displacement":"idp"}""")));
    }
}

/// <summary>What a client sends that contradicts the rules is named, so the server can refuse it; what it computed is not.</summary>
public sealed class RuleViolationTests
{
    private static readonly FormSchema Schema = new([new FormSection
    {
        UniqueId = "f",
        ParentForm = "case",
        Fields =
        [
            new SelectField { Name = "status", Options = new OptionSource.Inline([new("idp", One.T("IDP")), new("other", One.T("Other"))]) },
            new TextField { Name = "status_other", ShowWhen = Expression.Parse(JsonNode.Parse("""{"eq":{"status":"other"}}""")) },
            new NumericField { Name = "a" },
            new CalculatedField { Name = "twice", Calculation = Expression.Parse(JsonNode.Parse("""{"sum":["a","a"]}""")) },
        ],
    }]);

    private static IEnumerable<string> Violations(string sent, string record)
    {
        var data = TestForms.Json(record);
        var outcome = RecordRules.Apply(data, Schema);
        return RecordValidator.ValidateAgainstRules(TestForms.Json(sent), Schema, outcome).Select(e => e.Path);
    }

    [Fact]
    public void AnAnswerToAHiddenField_IsAViolation_ButClearingItIsNot()
    {
        Assert.Equal(["/status_other"], Violations("""{"status_other":"camp"}""", """{"status":"idp","status_other":"camp"}"""));
        Assert.Empty(Violations("""{"status_other":null}""", """{"status":"idp"}"""));
        Assert.Empty(Violations("""{"status_other":"camp"}""", """{"status":"other","status_other":"camp"}"""));
    }

    [Fact]
    public void ACalculatedValueSent_IsNoViolation_TheRulesReplaceItWithTheComputedOne()
    {
        Assert.Empty(Violations("""{"twice":3}""", """{"a":2,"twice":3}"""));
        Assert.Empty(Violations("""{"twice":4}""", """{"a":2,"twice":4}"""));
        var data = TestForms.Json("""{"a":2,"twice":3}""");
        RecordRules.Apply(data, Schema);
        Assert.Equal("4", data["twice"]!.ToJsonString());
    }

    [Fact]
    public void ACalculationOverNothingAnswered_HasNoValue()
    {
        var data = TestForms.Json("""{"twice":7}""");
        RecordRules.Apply(data, Schema);
        Assert.False(data.ContainsKey("twice"));
    }
}
