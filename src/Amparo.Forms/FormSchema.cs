namespace Amparo.Forms;

/// <summary>
/// The fields that apply to one kind of record (a record type in a module), gathered from its forms
/// and looked up by name; subforms are resolved by their section id.
/// </summary>
public sealed class FormSchema
{
    private readonly Dictionary<string, Field> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FormSection> _subforms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FormSection> _formOf = new(StringComparer.Ordinal);
    private readonly List<FormSection> _forms = [];

    public FormSchema(IEnumerable<FormSection> forms, IEnumerable<FormSection>? subforms = null)
    {
        foreach (var form in forms)
        {
            if (form.IsNested) { _subforms[form.UniqueId] = form; continue; }
            _forms.Add(form);
            foreach (var field in form.Fields)
                if (_fields.TryAdd(field.Name, field)) _formOf[field.Name] = form;
        }
        foreach (var sub in subforms ?? []) _subforms[sub.UniqueId] = sub;
    }

    public IReadOnlyDictionary<string, Field> Fields => _fields;

    /// <summary>The top-level forms, in the order given.</summary>
    public IReadOnlyList<FormSection> Forms => _forms;

    public Field? Find(string name) => _fields.GetValueOrDefault(name);

    /// <summary>The form a field belongs to (the first that defines it).</summary>
    public FormSection? FormOf(string fieldName) => _formOf.GetValueOrDefault(fieldName);

    public FormSection? Subform(string uniqueId) => _subforms.GetValueOrDefault(uniqueId);

    /// <summary>The named option sources (<c>lookup …</c>, <c>Location</c>, ...) its choice fields use, subform rows included.</summary>
    public IEnumerable<string> NamedSources()
    {
        foreach (var field in _fields.Values)
        {
            if (field is ChoiceField { Options: OptionSource.Named named }) yield return named.Source;
            if (field is SubformField sub && RowSchema(sub) is { } rows)
                foreach (var source in rows.NamedSources()) yield return source;
        }
    }

    /// <summary>The schema of a subform's rows, or null when its section is unknown.</summary>
    public FormSchema? RowSchema(SubformField field) =>
        Subform(field.SubformSectionId) is { } section ? new FormSchema([section with { IsNested = false }], _subforms.Values) : null;
}
