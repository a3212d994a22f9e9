using System.Text.Json.Nodes;

namespace Amparo.Forms;

/// <summary>
/// Reads and writes forms in Primero's JSON shape: the API's (<c>name: {en: ...}</c>) and the
/// configuration seed files' (<c>name_en: ...</c>) alike, so Primero configurations import as they are.
/// Attributes Amparo does not interpret are kept in <c>Extra</c> and written back, so a form read and
/// written again loses nothing.
/// </summary>
public static class FormJson
{
    private static readonly string[] FormTexts = ["name", "description", "help_text"];
    private static readonly HashSet<string> FormKeys =
    [
        "id", "unique_id", "parent_form", "form_group_id", "order", "order_form_group", "visible", "is_nested", "editable",
        "core_form", "module_ids", "fields", "display_conditions", "collapsed_field_names",
    ];

    private static readonly string[] FieldTexts = ["display_name", "help_text", "guiding_questions", "tick_box_label", "option_strings_text", "tally"];
    private static readonly HashSet<string> FieldKeys =
    [
        "id", "form_section_id", "name", "type", "required", "visible", "mobile_visible", "editable", "disabled", "filterable", "order",
        "hidden_text_field", "multi_select", "option_strings_source", "option_strings_condition", "date_include_time",
        "date_validation", "min", "max", "subform_section_id", "subform_unique_id", "subform_section_unique_id",
        "display_conditions_record", "display_conditions_subform", "calculation", "link_to_form", "autosum_total",
    ];

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
            HelpText = LocalizedText.Read(o, "help_text"),
            FormGroupId = Str(o, "form_group_id"),
            Order = Int(o, "order") ?? 0,
            OrderFormGroup = Int(o, "order_form_group") ?? 0,
            Visible = Bool(o, "visible") ?? true,
            IsNested = Bool(o, "is_nested") ?? false,
            Editable = Bool(o, "editable") ?? true,
            CoreForm = Bool(o, "core_form") ?? false,
            ModuleIds = StrList(o, "module_ids"),
            ShowWhen = Expression.TryParse(o["display_conditions"]),
            CollapsedFieldNames = StrList(o, "collapsed_field_names"),
            Fields = [.. fields.OrderBy(f => f.Order)],
            Extra = Extras(o, FormKeys, FormTexts),
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
            "select_box" => new SelectField { Name = name, Multiple = Bool(o, "multi_select") ?? false, Options = ReadOptions(o), OptionConditions = Conditions(o) },
            "radio_button" => new RadioField { Name = name, Options = ReadOptions(o), OptionConditions = Conditions(o) },
            "date_field" => new DateField
            {
                Name = name,
                IncludeTime = Bool(o, "date_include_time") ?? false,
                NotFutureDate = Str(o, "date_validation") == "not_future_date",
            },
            "date_range" => new DateRangeField { Name = name, IncludeTime = Bool(o, "date_include_time") ?? false },
            "numeric_field" => new NumericField { Name = name, Min = Long(o, "min"), Max = Long(o, "max") },
            "tally_field" => new TallyField { Name = name, Tally = ReadOptionList(o, "tally"), AutosumTotal = Bool(o, "autosum_total") ?? true },
            // On Primero's wire subform_section_id is the nested form's number and subform_section_unique_id its unique id;
            // stored definitions and seed files name it by unique id in subform_section_id.
            "subform" => new SubformField { Name = name, SubformSectionId = Str(o, "subform_section_unique_id") ?? Str(o, "subform_section_id") ?? Str(o, "subform_unique_id") ?? name },
            "separator" => new SeparatorField { Name = name },
            "photo_upload_box" => new UploadField { Name = name, Kind = UploadKind.Photo },
            "audio_upload_box" => new UploadField { Name = name, Kind = UploadKind.Audio },
            "document_upload_box" => new UploadField { Name = name, Kind = UploadKind.Document },
            "calculated" => new CalculatedField
            {
                Name = name,
                Calculation = o["calculation"] is JsonObject c ? Expression.TryParse(c["expression"]) : null,
            },
            "link_to_form" => new LinkToFormField { Name = name, TargetForm = Str(o, "link_to_form") },
            "signature" => new SignatureField { Name = name },
            "custom" => new CustomField { Name = name },
            _ => throw new FormatException($"Unknown field type '{type}' on field '{name}'."),
        };
        return field with
        {
            Id = Int(o, "id"),
            DisplayName = LocalizedText.Read(o, "display_name"),
            HelpText = LocalizedText.Read(o, "help_text"),
            GuidingQuestions = LocalizedText.Read(o, "guiding_questions"),
            Required = Bool(o, "required") ?? false,
            Visible = Bool(o, "visible") ?? true,
            MobileVisible = Bool(o, "mobile_visible") ?? true,
            Editable = Bool(o, "editable") ?? true,
            Disabled = Bool(o, "disabled") ?? false,
            Filterable = Bool(o, "filterable") ?? false,
            Order = Int(o, "order") ?? position,
            ShowWhen = Expression.TryParse(o["display_conditions_record"]),
            ShowWhenInRow = Expression.TryParse(o["display_conditions_subform"]),
            Extra = Extras(o, FieldKeys, FieldTexts),
        };
    }

    private static Dictionary<string, Expression> Conditions(JsonObject o)
    {
        var conditions = new Dictionary<string, Expression>(StringComparer.Ordinal);
        if (o["option_strings_condition"] is JsonObject map)
            foreach (var (tag, node) in map)
                if (Expression.TryParse(node) is { } condition) conditions[tag] = condition;
        return conditions;
    }

    private static OptionSource ReadOptions(JsonObject o) =>
        Str(o, "option_strings_source") is { Length: > 0 } source
            ? new OptionSource.Named(source)
            : new OptionSource.Inline(ReadOptionList(o, "option_strings_text"));

    /// <summary>
    /// An option list in any of Primero's shapes: <c>[{id, display_text: {en, fr}}]</c> (API),
    /// <c>{"en": [{id, display_text}], "fr": [...]}</c> (i18n column), <c>key_en: [...]</c> (seed files), or plain ids.
    /// Texts of the same id are merged across locales; the first list's order wins.
    /// </summary>
    public static List<FieldOption> ReadOptionList(JsonObject o, string key)
    {
        var texts = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var meta = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var order = new List<string>();

        void Add(JsonNode? item, string? locale)
        {
            string? id;
            JsonObject? obj = item as JsonObject;
            if (obj is not null) id = Str(obj, "id");
            else id = item is JsonValue v && v.TryGetValue<string>(out var plain) ? plain : null;
            if (id is null) return;
            if (!texts.TryGetValue(id, out var t)) { texts[id] = t = new(StringComparer.OrdinalIgnoreCase); order.Add(id); }
            if (obj is null) return;
            meta.TryAdd(id, obj);
            if (locale is not null && Str(obj, "display_text") is { } text) t[locale] = text;
            else foreach (var (l, s) in LocalizedText.Read(obj, "display_text").Values) t[l] = s;
        }

        void AddList(JsonNode? node, string? locale)
        {
            switch (node)
            {
                case JsonArray list:
                    foreach (var item in list) Add(item, locale);
                    break;
                case JsonObject byLocale:
                    foreach (var (l, list) in byLocale) AddList(list, l);
                    break;
            }
        }

        AddList(o[key], null);
        AddList(o[key + "_i18n"], null);
        foreach (var (k, node) in o)
            if (k.StartsWith(key + "_", StringComparison.Ordinal) && LocalizedText.IsLocale(k[(key.Length + 1)..]))
                AddList(node, k[(key.Length + 1)..]);

        return [.. order.Select(id => new FieldOption(id, new LocalizedText(texts[id]))
        {
            Tags = meta.TryGetValue(id, out var m) ? JsonRead.StrList(m, "tags") ?? [] : [],
            Disabled = meta.TryGetValue(id, out var d) && (Bool(d, "disabled") ?? false),
        })];
    }

    /// <summary>The attributes not named in <paramref name="known"/> nor localised variants of <paramref name="texts"/>.</summary>
    private static JsonObject? Extras(JsonObject o, HashSet<string> known, string[] texts)
    {
        JsonObject? extra = null;
        foreach (var (key, value) in o)
        {
            if (known.Contains(key) || texts.Any(t => key == t || key == t + "_i18n" || (key.StartsWith(t + "_", StringComparison.Ordinal) && LocalizedText.IsLocale(key[(t.Length + 1)..]))))
                continue;
            (extra ??= [])[key] = value?.DeepClone();
        }
        return extra;
    }

    public static JsonObject WriteForm(FormSection form)
    {
        var o = Start(form.Extra);
        o["unique_id"] = form.UniqueId;
        o["parent_form"] = form.ParentForm;
        o["name"] = form.Name.ToJson();
        o["description"] = form.Description.ToJson();
        if (!form.HelpText.IsEmpty) o["help_text"] = form.HelpText.ToJson();
        o["form_group_id"] = form.FormGroupId;
        o["order"] = form.Order;
        o["order_form_group"] = form.OrderFormGroup;
        o["visible"] = form.Visible;
        o["is_nested"] = form.IsNested;
        o["editable"] = form.Editable;
        o["core_form"] = form.CoreForm;
        o["module_ids"] = Strings(form.ModuleIds);
        if (form.ShowWhen is { } condition) o["display_conditions"] = condition.Source.DeepClone();
        if (form.CollapsedFieldNames.Count > 0) o["collapsed_field_names"] = Strings(form.CollapsedFieldNames);
        o["fields"] = new JsonArray([.. form.Fields.Select(f => (JsonNode?)WriteField(f))]);
        return o;
    }

    public static JsonObject WriteField(Field field)
    {
        var o = Start(field.Extra);
        if (field.Id is { } id) o["id"] = id;
        o["name"] = field.Name;
        o["type"] = field.TypeName;
        o["display_name"] = field.DisplayName.ToJson();
        o["help_text"] = field.HelpText.ToJson();
        if (!field.GuidingQuestions.IsEmpty) o["guiding_questions"] = field.GuidingQuestions.ToJson();
        o["required"] = field.Required;
        o["visible"] = field.Visible;
        o["mobile_visible"] = field.MobileVisible;
        o["editable"] = field.Editable;
        o["disabled"] = field.Disabled;
        // Only when set: forms that never used it keep the exact shape Primero's client knows.
        if (field.Filterable) o["filterable"] = true;
        o["order"] = field.Order;
        if (field.ShowWhen is { } record) o["display_conditions_record"] = record.Source.DeepClone();
        if (field.ShowWhenInRow is { } row) o["display_conditions_subform"] = row.Source.DeepClone();
        switch (field)
        {
            case TextField t: o["hidden_text_field"] = t.HiddenText; break;
            case TickBoxField t: o["tick_box_label"] = t.TickBoxLabel.ToJson(); break;
            case SelectField s: o["multi_select"] = s.Multiple; WriteChoice(o, s); break;
            case RadioField r: WriteChoice(o, r); break;
            case DateField d:
                o["date_include_time"] = d.IncludeTime;
                if (d.NotFutureDate) o["date_validation"] = "not_future_date";
                break;
            case DateRangeField d: o["date_include_time"] = d.IncludeTime; break;
            case NumericField n:
                if (n.Min is { } min) o["min"] = min;
                if (n.Max is { } max) o["max"] = max;
                break;
            case TallyField t:
                o["tally"] = WriteOptionList(t.Tally);
                o["autosum_total"] = t.AutosumTotal;
                break;
            case SubformField s: o["subform_section_id"] = s.SubformSectionId; break;
            case CalculatedField c when c.Calculation is { } calculation:
                o["calculation"] = new JsonObject { ["expression"] = calculation.Source.DeepClone() };
                break;
            case LinkToFormField l: o["link_to_form"] = l.TargetForm; break;
        }
        return o;
    }

    private static void WriteChoice(JsonObject o, ChoiceField field)
    {
        switch (field.Options)
        {
            case OptionSource.Named n: o["option_strings_source"] = n.Source; break;
            case OptionSource.Inline i: o["option_strings_text"] = WriteOptionList(i.Options); break;
        }
        if (field.OptionConditions.Count > 0)
        {
            var conditions = new JsonObject();
            foreach (var (tag, condition) in field.OptionConditions) conditions[tag] = condition.Source.DeepClone();
            o["option_strings_condition"] = conditions;
        }
    }

    public static JsonArray WriteOptionList(IEnumerable<FieldOption> options) => new([.. options.Select(opt =>
    {
        var item = new JsonObject { ["id"] = opt.Id, ["display_text"] = opt.DisplayText.ToJson() };
        if (opt.Tags.Count > 0) item["tags"] = Strings(opt.Tags);
        if (opt.Disabled) item["disabled"] = true;
        return (JsonNode?)item;
    })]);

    private static JsonObject Start(JsonObject? extra) => extra?.DeepClone() as JsonObject ?? [];

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static string? Str(JsonObject o, string key) => JsonRead.Str(o, key);

    private static bool? Bool(JsonObject o, string key) => JsonRead.Bool(o, key);

    private static int? Int(JsonObject o, string key) => JsonRead.Number(o, key);

    private static long? Long(JsonObject o, string key) => JsonRead.Integer64(o, key);

    private static List<string> StrList(JsonObject o, string key) => JsonRead.StrList(o, key) ?? [];
}
