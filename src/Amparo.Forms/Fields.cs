using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>
/// An option of a select, radio or tally field. <see cref="Tags"/> tie it to the field's option conditions
/// (<c>option_strings_condition</c>); a <see cref="Disabled"/> option is kept for old answers but not offered.
/// </summary>
public sealed record FieldOption(string Id, LocalizedText DisplayText)
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool Disabled { get; init; }
}

/// <summary>
/// A form field. The set of field types is closed: every type Primero knows is one sealed record
/// below, so a <c>switch</c> over them is checked by the compiler wherever fields are handled.
/// </summary>
public abstract record Field
{
    public required string Name { get; init; }
    /// <summary>
    /// The field's number (Primero's <c>id</c>), unique in the tenant and kept while the field lives (renames too);
    /// the server numbers fields when it publishes a form. Clients index fields by it.
    /// </summary>
    public int? Id { get; init; }
    public LocalizedText DisplayName { get; init; } = LocalizedText.Empty;
    public LocalizedText HelpText { get; init; } = LocalizedText.Empty;
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public bool MobileVisible { get; init; } = true;
    /// <summary>False for fields the system fills in (ids, status...): shown, never typed into.</summary>
    public bool Editable { get; init; } = true;
    public bool Disabled { get; init; }
    /// <summary>
    /// Marked by an administrator so record lists may filter and sort on it quickly (<c>filterable</c>): the server
    /// keeps its answers in typed, indexed storage, as it does for the fields of the modules' list filters and columns.
    /// </summary>
    public bool Filterable { get; init; }
    public int Order { get; init; }
    public LocalizedText GuidingQuestions { get; init; } = LocalizedText.Empty;
    /// <summary>Skip logic over the record (<c>display_conditions_record</c>): shown, and its answer kept, only while it holds.</summary>
    public Expression? ShowWhen { get; init; }
    /// <summary>Skip logic over the field's own subform row (<c>display_conditions_subform</c>).</summary>
    public Expression? ShowWhenInRow { get; init; }
    /// <summary>Primero field attributes Amparo does not interpret (e.g. <c>field_tags</c>), kept so they round-trip.</summary>
    public JsonObject? Extra { get; init; }

    /// <summary>Primero's wire name of the type (<c>text_field</c>, <c>select_box</c>, ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>Whether a person can type into this field on a form.</summary>
    public bool IsUserEditable => Editable && !Disabled;
}

public sealed record TextField : Field
{
    public override string TypeName => "text_field";
    /// <summary>Primero's <c>hidden_text_field</c>: the value can be masked in lists.</summary>
    public bool HiddenText { get; init; }
}

public sealed record TextAreaField : Field
{
    public override string TypeName => "textarea";
}

public sealed record TickBoxField : Field
{
    public override string TypeName => "tick_box";
    public LocalizedText TickBoxLabel { get; init; } = LocalizedText.Empty;
}

/// <summary>Where a choice field takes its options from.</summary>
public abstract record OptionSource
{
    private OptionSource() { }

    /// <summary>Options written into the field itself (<c>option_strings_text</c>).</summary>
    public sealed record Inline(IReadOnlyList<FieldOption> Options) : OptionSource;

    /// <summary><c>option_strings_source</c>: <c>lookup lookup-xyz</c>, <c>Location</c>, <c>Agency</c>, <c>User</c>, ...</summary>
    public sealed record Named(string Source) : OptionSource;

    public static readonly OptionSource None = new Inline([]);
}

/// <summary>A field whose answer is chosen from options (select box, radio buttons).</summary>
public abstract record ChoiceField : Field
{
    public OptionSource Options { get; init; } = OptionSource.None;
    /// <summary><c>option_strings_condition</c>: tag → condition; a tagged option is offered while one of its tags' conditions holds.</summary>
    public IReadOnlyDictionary<string, Expression> OptionConditions { get; init; } = new Dictionary<string, Expression>();

    /// <summary>Whether an option may be chosen given the record's other answers (untagged options always may).</summary>
    public bool Offers(FieldOption option, JsonObject record) =>
        OptionConditions.Count == 0 || option.Tags.Count == 0
        || option.Tags.Any(tag => OptionConditions.TryGetValue(tag, out var condition) && condition.Holds(record));
}

public sealed record SelectField : ChoiceField
{
    public override string TypeName => "select_box";
    public bool Multiple { get; init; }
}

public sealed record RadioField : ChoiceField
{
    public override string TypeName => "radio_button";
}

public sealed record DateField : Field
{
    public override string TypeName => "date_field";
    public bool IncludeTime { get; init; }
    /// <summary>Primero's <c>date_validation: not_future_date</c>: a date after today is refused.</summary>
    public bool NotFutureDate { get; init; }
}

/// <summary>A period, stored as <c>{"from": date, "to": date}</c>.</summary>
public sealed record DateRangeField : Field
{
    public override string TypeName => "date_range";
    public bool IncludeTime { get; init; }
}

public sealed record NumericField : Field
{
    public override string TypeName => "numeric_field";
    public long? Min { get; init; }
    public long? Max { get; init; }
}

/// <summary>Counts per category (<c>{"boys": 2, "girls": 1, "total": 3}</c>); the total is computed when <see cref="AutosumTotal"/>.</summary>
public sealed record TallyField : Field
{
    public override string TypeName => "tally_field";
    public IReadOnlyList<FieldOption> Tally { get; init; } = [];
    public bool AutosumTotal { get; init; } = true;
}

public sealed record SubformField : Field
{
    public override string TypeName => "subform";
    public required string SubformSectionId { get; init; }
}

public sealed record SeparatorField : Field
{
    public override string TypeName => "separator";
}

public enum UploadKind { Photo, Audio, Document }

public sealed record UploadField : Field
{
    public required UploadKind Kind { get; init; }
    public override string TypeName => Kind switch
    {
        UploadKind.Photo => "photo_upload_box",
        UploadKind.Audio => "audio_upload_box",
        _ => "document_upload_box",
    };
}

/// <summary>A value computed from other answers (<c>calculation.expression</c>): never typed, recomputed on every save.</summary>
public sealed record CalculatedField : Field
{
    public override string TypeName => "calculated";
    public Expression? Calculation { get; init; }
}

/// <summary>A shortcut to another form of the same record (<c>link_to_form</c>); holds no answer.</summary>
public sealed record LinkToFormField : Field
{
    public override string TypeName => "link_to_form";
    public string? TargetForm { get; init; }
}

public sealed record SignatureField : Field
{
    public override string TypeName => "signature";
}

/// <summary>Primero's <c>custom</c> type: rendered by a named client component, stored as any JSON.</summary>
public sealed record CustomField : Field
{
    public override string TypeName => "custom";
}
