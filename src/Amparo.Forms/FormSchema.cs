namespace Amparo.Forms;

/// <summary>
/// The fields that apply to one kind of record (a record type in a module), gathered from its forms
/// and looked up by name; subforms are resolved by their section id.
/// </summary>
public sealed class FormSchema
{
    private readonly Dictionary<string, Field> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FormSection> _subforms = new(StringComparer.Ordinal);

    public FormSchema(IEnumerable<FormSection> forms, IEnumerable<FormSection>? subforms = null)
    {
        foreach (var form in forms)
        {
            if (form.IsNested) { _subforms[form.UniqueId] = form; continue; }
            foreach (var field in form.Fields) _fields.TryAdd(field.Name, field);
        }
        foreach (var sub in subforms ?? []) _subforms[sub.UniqueId] = sub;
    }

    public IReadOnlyDictionary<string, Field> Fields => _fields;

    public Field? Find(string name) => _fields.GetValueOrDefault(name);

    public FormSection? Subform(string uniqueId) => _subforms.GetValueOrDefault(uniqueId);

    /// <summary>The schema of a subform's rows, or null when its section is unknown.</summary>
    public FormSchema? RowSchema(SubformField field) =>
        Subform(field.SubformSectionId) is { } section ? new FormSchema([section with { IsNested = false }], _subforms.Values) : null;
}
