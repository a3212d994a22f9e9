using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>
/// Reads and writes forms in Primero's JSON shape: the API's (<c>name: {en: ...}</c>) and the
/// configuration seed files' (<c>name_en: ...</c>) alike, so Primero configurations import as they are.
/// </summary>
public static class FormJson
{
    public static FormSection ReadForm(JsonObject o)
    {
        var fields = new List<Field>();
        if (o["fields"] is JsonArray array)
        {
            var index = 0;
            foreach (var node in array)
            {
                if (node is JsonObject f) fields.Add(ReadField(f, index));
                index++;
            }
        }
        return new FormSection
        {
            UniqueId = Str(o, "unique_id") ?? throw new FormatException("A form needs a unique_id."),
            ParentForm = Str(o, "parent_form") ?? "case",
            Name = LocalizedText.Read(o, "name"),
            Description = LocalizedText.Read(o, "description"),
            FormGroupId = Str(o, "form_group_id"),
            Order = Int(o, "order") ?? 0,
            OrderFormGroup = Int(o, "order_form_group") ?? 0,
            Visible = Bool(o, "visible") ?? true,
            IsNested = Bool(o, "is_nested") ?? false,
            Editable = Bool(o, "editable") ?? true,
            CoreForm = Bool(o, "core_form") ?? false,
            ModuleIds = StrList(o, "module_ids"),
            Fields = [.. fields.OrderBy(f => f.Order)],
        };
    }

    public static Field ReadField(JsonObject o, int position = 0)
    {
        var name = Str(o, "name") ?? throw new FormatException("A field needs a name.");
        var type = Str(o, "type") ?? "text_field";
        Field field = type switch
        {
            "text_field" => new TextField { Name = name, HiddenText = Bool(o, "hidden_text_field") ?? false },
            "textarea" => new TextAreaField { Name = name },
            "tick_box" => new TickBoxField { Name = name, TickBoxLabel = LocalizedText.Read(o, "tick_box_label") },
            "select_box" => new SelectField { Name = name, Multiple = Bool(o, "multi_select") ?? false, Options = ReadOptions(o) },
            "radio_button" => new RadioField { Name = name, Options = ReadOptions(o) },
            "date_field" => new DateField { Name = name, IncludeTime = Bool(o, "date_include_time") ?? false },
            "date_range" => new DateRangeField { Name = name },
            "numeric_field" => new NumericField { Name = name, Min = Long(o, "min"), Max = Long(o, "max") },
            "tally_field" => new TallyField { Name = name, TallyKeys = StrList(o, "tally") },
            "subform" => new SubformField { Name = name, SubformSectionId = Str(o, "subform_section_id") ?? Str(o, "subform_section_unique_id") ?? name },
            "separator" => new SeparatorField { Name = name },
            "photo_upload_box" => new UploadField { Name = name, Kind = UploadKind.Photo },
            "audio_upload_box" => new UploadField { Name = name, Kind = UploadKind.Audio },
            "document_upload_box" => new UploadField { Name = name, Kind = UploadKind.Document },
            "calculated" => new CalculatedField { Name = name },
            "signature" => new SignatureField { Name = name },
            "custom" => new CustomField { Name = name },
            _ => throw new FormatException($"Unknown field type '{type}' on field '{name}'."),
        };
        return field with
        {
            DisplayName = LocalizedText.Read(o, "display_name"),
            HelpText = LocalizedText.Read(o, "help_text"),
            Required = Bool(o, "required") ?? false,
            Visible = Bool(o, "visible") ?? true,
            MobileVisible = Bool(o, "mobile_visible") ?? true,
            Editable = Bool(o, "editable") ?? true,
            Disabled = Bool(o, "disabled") ?? false,
            Order = Int(o, "order") ?? position,
        };
    }

    private static OptionSource ReadOptions(JsonObject o)
    {
        if (Str(o, "option_strings_source") is { Length: > 0 } source) return new OptionSource.Named(source);
        var options = new List<FieldOption>();
        switch (o["option_strings_text"])
        {
            case JsonArray a:
                foreach (var item in a.OfType<JsonObject>())
                    if (Str(item, "id") is { } id) options.Add(new FieldOption(id, LocalizedText.Read(item, "display_text")));
                break;
            case JsonObject byLocale:
                // Seed-file shape: {"en": [{id, display_text}], "fr": [...]}; merge the locales per id.
                var texts = new Dictionary<string, Dictionary<string, string>>();
                var order = new List<string>();
                foreach (var (locale, list) in byLocale)
                {
                    foreach (var item in (list as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (Str(item, "id") is not { } id) continue;
                        if (!texts.TryGetValue(id, out var t)) { texts[id] = t = []; order.Add(id); }
                        if (Str(item, "display_text") is { } text) t[locale] = text;
                    }
                }
                options.AddRange(order.Select(id => new FieldOption(id, new LocalizedText(texts[id]))));
                break;
        }
        // Seed files also write per-locale keys, e.g. "option_strings_text_en": [...].
        if (options.Count == 0 && o["option_strings_text_en"] is JsonArray en)
        {
            foreach (var item in en.OfType<JsonObject>())
                if (Str(item, "id") is { } id) options.Add(new FieldOption(id, LocalizedText.Read(item, "display_text")));
        }
        return new OptionSource.Inline(options);
    }

    public static JsonObject WriteForm(FormSection form) => new()
    {
        ["unique_id"] = form.UniqueId,
        ["parent_form"] = form.ParentForm,
        ["name"] = form.Name.ToJson(),
        ["description"] = form.Description.ToJson(),
        ["form_group_id"] = form.FormGroupId,
        ["order"] = form.Order,
        ["order_form_group"] = form.OrderFormGroup,
        ["visible"] = form.Visible,
        ["is_nested"] = form.IsNested,
        ["editable"] = form.Editable,
        ["core_form"] = form.CoreForm,
        ["module_ids"] = new JsonArray([.. form.ModuleIds.Select(m => (JsonNode?)m)]),
        ["fields"] = new JsonArray([.. form.Fields.Select(f => (JsonNode?)WriteField(f))]),
    };

    public static JsonObject WriteField(Field field)
    {
        var o = new JsonObject
        {
            ["name"] = field.Name,
            ["type"] = field.TypeName,
            ["display_name"] = field.DisplayName.ToJson(),
            ["help_text"] = field.HelpText.ToJson(),
            ["required"] = field.Required,
            ["visible"] = field.Visible,
            ["mobile_visible"] = field.MobileVisible,
            ["editable"] = field.Editable,
            ["disabled"] = field.Disabled,
            ["order"] = field.Order,
        };
        switch (field)
        {
            case TextField t: o["hidden_text_field"] = t.HiddenText; break;
            case TickBoxField t: o["tick_box_label"] = t.TickBoxLabel.ToJson(); break;
            case SelectField s: o["multi_select"] = s.Multiple; WriteOptions(o, s.Options); break;
            case RadioField r: WriteOptions(o, r.Options); break;
            case DateField d: o["date_include_time"] = d.IncludeTime; break;
            case NumericField n:
                if (n.Min is { } min) o["min"] = min;
                if (n.Max is { } max) o["max"] = max;
                break;
            case TallyField t: o["tally"] = new JsonArray([.. t.TallyKeys.Select(k => (JsonNode?)k)]); break;
            case SubformField s: o["subform_section_id"] = s.SubformSectionId; break;
        }
        return o;
    }

    private static void WriteOptions(JsonObject o, OptionSource source)
    {
        switch (source)
        {
            case OptionSource.Named n: o["option_strings_source"] = n.Source; break;
            case OptionSource.Inline i:
                o["option_strings_text"] = new JsonArray([.. i.Options.Select(opt => (JsonNode?)new JsonObject
                {
                    ["id"] = opt.Id,
                    ["display_text"] = opt.DisplayText.ToJson(),
                })]);
                break;
        }
    }

    private static string? Str(JsonObject o, string key) => JsonRead.Str(o, key);

    private static bool? Bool(JsonObject o, string key) => JsonRead.Bool(o, key);

    private static int? Int(JsonObject o, string key) => JsonRead.Number(o, key);

    private static long? Long(JsonObject o, string key) => JsonRead.Integer64(o, key);

    private static List<string> StrList(JsonObject o, string key) => JsonRead.StrList(o, key) ?? [];
}
