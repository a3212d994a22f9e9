using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amparo.Forms;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// What an administrator may publish: a form whose ids, field names and types are well formed, whose subforms,
/// lookups and link targets exist, and whose conditions and calculations parse — checked strictly here, because the
/// form engine reads a malformed condition as "no condition". Each problem names the attribute, as the 422 does.
/// </summary>
internal static partial class FormDefinitionCheck
{
    public static readonly string[] RecordTypes = ["case", "incident", "tracing_request", "family", "registry_record"];

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    public static partial Regex NamePattern();

    internal sealed record Problem(string Attribute, string MessageKey);

    /// <summary>
    /// Checks a form in API JSON shape against the other forms and the lookups that exist. <paramref name="previous"/>
    /// is the form as published before (for an update): a field keeps its type and multi-select, and a renamed field
    /// must name one that existed.
    /// </summary>
    public static List<Problem> Check(JsonObject json, FormSection? previous, IReadOnlyCollection<FormSection> others, IReadOnlySet<string> lookupIds)
    {
        var problems = new List<Problem>();
        var uniqueId = JsonRead.Str(json, "unique_id");
        if (uniqueId is null || !NamePattern().IsMatch(uniqueId) || uniqueId.Length > 100) problems.Add(new("unique_id", "errors.models.form_section.unique_id"));
        var parent = JsonRead.Str(json, "parent_form") ?? "case";
        if (!RecordTypes.Contains(parent)) problems.Add(new("parent_form", "errors.models.form_section.parent_form"));
        if (previous is not null && previous.ParentForm != parent) problems.Add(new("parent_form", "errors.models.form_section.parent_form_immutable"));
        if (LocalizedText.Read(json, "name").Get("en").Length == 0) problems.Add(new("name", "errors.models.form_section.presence_of_name"));
        if (json["display_conditions"] is { } formCondition && !Parses(formCondition)) problems.Add(new("display_conditions", "errors.models.form_section.display_conditions"));

        var fields = json["fields"] as JsonArray ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var nested = others.Where(f => f.IsNested).Select(f => f.UniqueId).ToHashSet(StringComparer.Ordinal);
        var linkable = others.Where(f => !f.IsNested).Select(f => f.UniqueId).Append(uniqueId ?? "").ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var at = $"fields/{i}";
            if (fields[i] is not JsonObject f) { problems.Add(new(at, "errors.models.field.invalid")); continue; }
            var name = JsonRead.Str(f, "name");
            if (name is null || !NamePattern().IsMatch(name) || name.Length > 100) { problems.Add(new(at + "/name", "errors.models.field.name_format")); continue; }
            if (!names.Add(name)) problems.Add(new(at + "/name", "errors.models.field.unique_name_this_form"));
            Field field;
            try { field = FormJson.ReadField(f, i); }
            catch (FormatException) { problems.Add(new(at + "/type", "errors.models.field.type")); continue; }
            foreach (var key in new[] { "display_conditions_record", "display_conditions_subform" })
                if (f[key] is { } condition && !Parses(condition)) problems.Add(new($"{at}/{key}", "errors.models.field.display_conditions"));
            if (f["option_strings_condition"] is JsonObject conditions && conditions.Any(kv => !Parses(kv.Value)))
                problems.Add(new(at + "/option_strings_condition", "errors.models.field.option_strings_condition"));
            switch (field)
            {
                case SubformField sub when !nested.Contains(sub.SubformSectionId):
                    problems.Add(new(at + "/subform_section_id", "errors.models.field.subform_section_missing"));
                    break;
                case ChoiceField { Options: OptionSource.Named { Source: var source } } when source.StartsWith("lookup ", StringComparison.Ordinal) && !lookupIds.Contains(source[7..].Trim()):
                    problems.Add(new(at + "/option_strings_source", "errors.models.field.lookup_missing"));
                    break;
                case CalculatedField when !(f["calculation"] is JsonObject c && Parses(c["expression"])):
                    problems.Add(new(at + "/calculation", "errors.models.field.calculation"));
                    break;
                case LinkToFormField link when link.TargetForm is null || !linkable.Contains(link.TargetForm):
                    problems.Add(new(at + "/link_to_form", "errors.models.field.link_to_form"));
                    break;
            }
            var renamedFrom = JsonRead.Str(f, "renamed_from");
            var before = previous?.Fields.FirstOrDefault(p => p.Name == (renamedFrom ?? name));
            if (renamedFrom is not null && (before is null || previous!.Fields.Any(p => p.Name == name)))
                problems.Add(new(at + "/renamed_from", "errors.models.field.rename_source"));
            if (before is not null && (before.TypeName != field.TypeName || (before is SelectField bs && field is SelectField fs && bs.Multiple != fs.Multiple)))
                problems.Add(new(at + "/type", "errors.models.field.type_immutable"));
        }
        return problems;
    }

    private static bool Parses(JsonNode? node)
    {
        if (node is JsonObject { Count: 0 }) return true; // an empty condition means "always"
        try { Expression.Parse(node); return true; }
        catch (FormatException) { return false; }
    }
}
