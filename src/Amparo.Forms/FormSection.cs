namespace Amparo.Forms;

/// <summary>A form (Primero's form section): an ordered list of fields for one record type.</summary>
public sealed record FormSection
{
    public required string UniqueId { get; init; }
    /// <summary>The record type the form belongs to: <c>case</c>, <c>incident</c>, <c>tracing_request</c>, ...</summary>
    public required string ParentForm { get; init; }
    public LocalizedText Name { get; init; } = LocalizedText.Empty;
    public LocalizedText Description { get; init; } = LocalizedText.Empty;
    public string? FormGroupId { get; init; }
    public int Order { get; init; }
    public int OrderFormGroup { get; init; }
    public bool Visible { get; init; } = true;
    public bool IsNested { get; init; }
    public bool Editable { get; init; } = true;
    public bool CoreForm { get; init; }
    public IReadOnlyList<string> ModuleIds { get; init; } = [];
    public IReadOnlyList<Field> Fields { get; init; } = [];
    public LocalizedText HelpText { get; init; } = LocalizedText.Empty;
    /// <summary>Form-level skip logic (<c>display_conditions</c>): while it does not hold, the form and its answers are left out.</summary>
    public Expression? ShowWhen { get; init; }
    /// <summary>For a subform: the fields that summarise a row.</summary>
    public IReadOnlyList<string> CollapsedFieldNames { get; init; } = [];
    /// <summary>Primero form attributes Amparo does not interpret, kept so they round-trip.</summary>
    public System.Text.Json.Nodes.JsonObject? Extra { get; init; }
}
