using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Amparo.Web.Services;

namespace Amparo.Web.Tests;

public sealed class FormRendererTests : ComponentTest
{
    private static readonly FormSection Form = new()
    {
        UniqueId = "identity",
        ParentForm = "case",
        Fields =
        [
            new TextField { Name = "name_first", Required = true, DisplayName = new(new Dictionary<string, string> { ["en"] = "First name", ["fr"] = "Prénom" }) },
            new TextField { Name = "case_id_display", Editable = false, Disabled = true, DisplayName = LocalizedText.Of("Case ID") },
            new SelectField { Name = "sex", DisplayName = LocalizedText.Of("Sex"), Options = new OptionSource.Inline([new("female", LocalizedText.Of("Female"))]) },
            new NumericField { Name = "age", DisplayName = LocalizedText.Of("Age") },
            new DateField { Name = "date_of_birth", DisplayName = LocalizedText.Of("Date of birth") },
            new TickBoxField { Name = "estimated", DisplayName = LocalizedText.Of("Estimated") },
            new TextField { Name = "hidden_field", Visible = false },
        ],
    };

    public FormRendererTests()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddScoped<UiText>();
    }

    private IRenderedComponent<FormRenderer> Render(JsonObject data, string language = "en", Dictionary<string, string>? errors = null)
    {
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        return Ctx.Render<FormRenderer>(p => p
            .Add(c => c.Form, Form)
            .Add(c => c.Schema, new FormSchema([Form]))
            .Add(c => c.Data, data)
            .Add(c => c.Language, language)
            .Add(c => c.Errors, errors ?? []));
    }

    [Fact]
    public void Renders_OneInputPerVisibleField_FromTheDefinition()
    {
        var cut = Render(new JsonObject());
        foreach (var name in new[] { "name_first", "case_id_display", "sex", "age", "date_of_birth" })
            Assert.NotNull(cut.Find($"#field-input-{name}"));
        Assert.Empty(cut.FindAll("#field-input-hidden_field"));
        Assert.Equal("date", cut.Find("#field-input-date_of_birth").GetAttribute("type"));
        Assert.Contains("Estimated", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_FollowTheLanguage_WithEnglishFallback()
    {
        var cut = Render(new JsonObject(), "fr");
        Assert.Contains("Prénom", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Sex", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Typing_WritesTheAnswerIntoTheRecordData()
    {
        var data = new JsonObject();
        var cut = Render(data);
        cut.Find("#field-input-name_first").Input("Amina");
        cut.Find("#field-input-date_of_birth").Input("2014-03-01");
        cut.Find("#field-input-age").Input("12");
        Assert.Equal("Amina", data["name_first"]!.GetValue<string>());
        Assert.Equal("2014-03-01", data["date_of_birth"]!.GetValue<string>());
        Assert.Equal(12, data["age"]!.GetValue<int>());
    }

    [Fact]
    public void ClearingAText_RemovesTheAnswer()
    {
        var data = new JsonObject { ["name_first"] = "Omar" };
        var cut = Render(data);
        Assert.Equal("Omar", cut.Find("#field-input-name_first").GetAttribute("value"));
        cut.Find("#field-input-name_first").Input("");
        Assert.Null(data["name_first"]);
    }

    [Fact]
    public void SystemFields_AreReadOnly()
    {
        var cut = Render(new JsonObject { ["case_id_display"] = "abc1234" });
        Assert.True(cut.Find("#field-input-case_id_display").HasAttribute("readonly"));
    }

    [Fact]
    public void ServerErrors_AreShownOnTheirField()
    {
        var cut = Render(new JsonObject(), errors: new() { ["age"] = "must be a whole number" });
        Assert.Contains("must be a whole number", cut.Markup, StringComparison.Ordinal);
    }
}
