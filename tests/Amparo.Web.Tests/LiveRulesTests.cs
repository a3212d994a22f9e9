using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Components;
using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Amparo.Web.Tests;

/// <summary>The form's rules as the caseworker types: skip logic, calculations, tally totals, conditional options, links.</summary>
public sealed class LiveRulesTests : ComponentTest
{
    private static Expression When(string json) => Expression.Parse(JsonNode.Parse(json));

    private static readonly FormSection Form = new()
    {
        UniqueId = "rules",
        ParentForm = "case",
        Fields =
        [
            new SelectField { Name = "status", DisplayName = LocalizedText.Of("Status"), Options = new OptionSource.Inline([new("idp", LocalizedText.Of("IDP")), new("other", LocalizedText.Of("Other"))]) },
            new TextField { Name = "status_other", DisplayName = LocalizedText.Of("Other status"), ShowWhen = When("""{"eq":{"status":"other"}}""") },
            new NumericField { Name = "adults", DisplayName = LocalizedText.Of("Adults") },
            new TallyField { Name = "children", DisplayName = LocalizedText.Of("Children"), Tally = [new("boys", LocalizedText.Of("Boys")), new("girls", LocalizedText.Of("Girls"))] },
            new CalculatedField { Name = "household", DisplayName = LocalizedText.Of("Household"), Calculation = When("""{"sum":["adults","children"]}""") },
            new SelectField
            {
                Name = "party", DisplayName = LocalizedText.Of("Party"),
                Options = new OptionSource.Inline([new("force_1", LocalizedText.Of("Force one")) { Tags = ["force"] }, new("group_1", LocalizedText.Of("Group one")) { Tags = ["group"] }]),
                OptionConditions = new Dictionary<string, Expression> { ["force"] = When("""{"eq":{"status":"idp"}}"""), ["group"] = When("""{"eq":{"status":"other"}}""") },
            },
            new LinkToFormField { Name = "go_closure", DisplayName = LocalizedText.Of("Go to closure"), TargetForm = "closure" },
        ],
    };

    private static readonly FormSchema Schema = new([Form]);

    public LiveRulesTests()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddScoped<UiText>();
    }

    /// <summary>Renders the form inside a context that re-runs the rules after each change, as the case page does.</summary>
    private IRenderedComponent<MudBlazor.MudPopoverProvider>? _popovers;

    private (IRenderedComponent<FormRenderer> Cut, JsonObject Data, List<string> Opened) Render(JsonObject data)
    {
        _popovers = Ctx.Render<MudBlazor.MudPopoverProvider>();
        var opened = new List<string>();
        FormContext? context = null;
        IRenderedComponent<FormRenderer>? cut = null;
        void Recompute()
        {
            var preview = (JsonObject)data.DeepClone();
            context!.Rules = RecordRules.Apply(preview, Schema);
            foreach (var key in context.Rules.Computed) data[key] = preview[key]?.DeepClone();
            cut?.Render();
        }
        context = new FormContext { Record = data, Changed = Recompute, OpenForm = opened.Add };
        context.Rules = RecordRules.Apply((JsonObject)data.DeepClone(), Schema);
        cut = Ctx.Render<FormRenderer>(p => p
            .AddCascadingValue(context)
            .Add(c => c.Form, Form).Add(c => c.Schema, Schema).Add(c => c.Data, data));
        return (cut, data, opened);
    }

    [Fact]
    public void SkipLogic_ShowsAField_OnlyWhileItsConditionHolds()
    {
        var (cut, data, _) = Render(TestJson("""{"status":"idp"}"""));
        Assert.Empty(cut.FindAll("#field-input-status_other"));
        data["status"] = "other";
        cut.Instance.Context!.Changed!();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#field-input-status_other")));
    }

    [Fact]
    public void Calculation_AndTallyTotal_FollowTheAnswers()
    {
        var (cut, data, _) = Render(TestJson("""{"adults":2}"""));
        cut.Find("#field-input-children-boys").Input("3");
        cut.Find("#field-input-children-girls").Input("1");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(4, data["children"]!["total"]!.GetValue<long>());
            Assert.Contains("Total: 4", cut.Find("[data-testid=tally-total-children]").TextContent, StringComparison.Ordinal);
            Assert.Equal(6, data["household"]!.GetValue<long>());
            Assert.Equal("6", cut.Find("#field-input-household").TextContent.Trim());
        });
    }

    [Fact]
    public void ConditionalOptions_OfferOnlyTheTagsWhoseConditionHolds()
    {
        var (cut, _, _) = Render(TestJson("""{"status":"idp"}"""));
        cut.Find("[data-testid=field-party] .mud-select-input").MouseDown();
        cut.WaitForAssertion(() =>
        {
            var items = _popovers!.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).ToList();
            Assert.Contains("Force one", items);
            Assert.DoesNotContain("Group one", items);
        });
    }

    [Fact]
    public void LinkToForm_OpensTheTargetForm()
    {
        var (cut, _, opened) = Render(new JsonObject());
        cut.Find("[data-testid=link-go_closure]").Click();
        Assert.Equal(["closure"], opened);
    }

    [Fact]
    public void ReadOnlyForm_ShowsAnswersWithoutEditors()
    {
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        var cut = Ctx.Render<FormRenderer>(p => p
            .Add(c => c.Form, Form).Add(c => c.Schema, Schema).Add(c => c.Data, TestJson("""{"adults":2}""")).Add(c => c.ReadOnly, true));
        Assert.True(cut.Find("#field-input-adults").HasAttribute("readonly"));
    }

    private static JsonObject TestJson(string json) => JsonNode.Parse(json)!.AsObject();
}
