using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

internal static class TestForms
{
    public static FormSection Identity { get; } = new()
    {
        UniqueId = "identity",
        ParentForm = "case",
        Fields =
        [
            new TextField { Name = "name_first", Required = true },
            new TextField { Name = "case_id_display", Editable = false },
            new SelectField { Name = "sex", Options = new OptionSource.Inline([new("female", LocalizedText.Of("Female")), new("male", LocalizedText.Of("Male"))]) },
            new SelectField { Name = "languages", Multiple = true, Options = new OptionSource.Named("lookup lookup-language") },
            new NumericField { Name = "age", Min = 0, Max = 130 },
            new DateField { Name = "date_of_birth" },
            new TickBoxField { Name = "estimated" },
            new RadioField { Name = "consent", Options = new OptionSource.Inline([new("true", LocalizedText.Of("Yes")), new("false", LocalizedText.Of("No"))]) },
            new SubformField { Name = "family_details_section", SubformSectionId = "family_details_section" },
            new SeparatorField { Name = "sep" },
        ],
    };

    public static FormSection Family { get; } = new()
    {
        UniqueId = "family_details_section",
        ParentForm = "case",
        IsNested = true,
        Fields = [new TextField { Name = "relation_type" }, new NumericField { Name = "relation_age" }],
    };

    public static FormSchema Schema { get; } = new([Identity, Family]);

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
