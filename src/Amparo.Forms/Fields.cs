namespace Amparo.Forms;

/// <summary>An option of a select, radio or tally field.</summary>
public sealed record FieldOption(string Id, LocalizedText DisplayText);

/// <summary>
/// A form field. The set of field types is closed: every type Primero knows is one sealed record
/// below, so a <c>switch</c> over them is checked by the compiler wherever fields are handled.
/// </summary>
public abstract record Field
{
    public required string Name { get; init; }
    public LocalizedText DisplayName { get; init; } = LocalizedText.Empty;
    public LocalizedText HelpText { get; init; } = LocalizedText.Empty;
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public bool MobileVisible { get; init; } = true;
    /// <summary>False for fields the system fills in (ids, status...): shown, never typed into.</summary>
    public bool Editable { get; init; } = true;
    public bool Disabled { get; init; }
    public int Order { get; init; }

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

public sealed record SelectField : Field
{
    public override string TypeName => "select_box";
    public bool Multiple { get; init; }
    public OptionSource Options { get; init; } = OptionSource.None;
}

public sealed record RadioField : Field
{
    public override string TypeName => "radio_button";
    public OptionSource Options { get; init; } = OptionSource.None;
}

public sealed record DateField : Field
{
    public override string TypeName => "date_field";
    public bool IncludeTime { get; init; }
}

public sealed record DateRangeField : Field
{
    public override string TypeName => "date_range";
}

public sealed record NumericField : Field
{
    public override string TypeName => "numeric_field";
    public long? Min { get; init; }
    public long? Max { get; init; }
}

public sealed record TallyField : Field
{
    public override string TypeName => "tally_field";
    public IReadOnlyList<string> TallyKeys { get; init; } = [];
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

public sealed record CalculatedField : Field
{
    public override string TypeName => "calculated";
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
