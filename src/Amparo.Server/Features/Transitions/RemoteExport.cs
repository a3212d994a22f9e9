using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Exports;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Transitions;

/// <summary>
/// The file a remote referral or transfer hands over (ADR 0015): a PDF of the case holding only the forms of the
/// transition's authorised role that the person exporting may read themselves, inside an AES-256 zip under a password
/// they choose. Made on request, never stored: no second copy of the case sits on the server, and each download is an
/// audited call. Only the sender (or a holder of <c>case:manage</c>) may make it, and not once the referral is revoked.
/// </summary>
internal static class RemoteExport
{
    public static IEndpointRouteBuilder MapRemoteExportEndpoints(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/" + RecordType.Case.Path).WithTags(RecordType.Case.Path);
        foreach (var (path, kind) in new[] { ("referrals", TransitionTypes.Referral), ("transfers", TransitionTypes.Transfer) })
            cases.MapPost($"/{{id}}/{path}/{{transitionId}}/export", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, FormCatalog catalog,
                    OptionCatalog options, IConfiguration configuration, string id, string transitionId) =>
                    ExportAsync(http, db, permissions, catalog, options, configuration, kind, id, transitionId))
                .RequirePermission("case", "read")
                .WithSummary("data{password (8+ characters)}: the remote hand-over as a password-protected zip holding a PDF of the authorised role's forms.");
        return api;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, FormCatalog catalog, OptionCatalog options,
        IConfiguration configuration, string kind, string id, string transitionId)
    {
        var ct = http.RequestAborted;
        var record = await RecordAccess.FindReadableAsync(http, db, RecordType.Case.Name, id);
        var transition = Guid.TryParse(transitionId, out var tid)
            ? await db.Set<Transition>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tid && t.RecordId == record!.Id && t.Type == kind, ct)
            : null;
        if (transition is null) return ApiErrors.NotFound(http, $"Couldn't find transition with 'id'={transitionId}");
        var actor = CurrentUser.From(http);
        if (transition.TransitionedByUserId != actor.Id && !actor.Can(RecordType.Case.Name, "manage")) return ApiErrors.Forbidden(http);
        if (!transition.Remote) return ApiErrors.Invalid(http, "remote", "transition.errors.export_remote_only");
        if (transition.Status == TransitionStatus.Revoked) return ApiErrors.Invalid(http, "status", "transition.errors.export_revoked");

        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var password = JsonRead.Str(data!, "password");
        if (password is null || password.Length < EncryptedZip.MinimumPasswordLength || password.Length > EncryptedZip.MaximumPasswordLength)
            return ApiErrors.Invalid(http, "password", "transition.errors.export_password");

        var role = transition.AuthorizedRoleUniqueId is { } roleId
            ? await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.UniqueId == roleId && !r.Disabled, ct)
            : null;
        // Transitions made before the role was required, or whose role has since been disabled or deleted, cannot say what may leave.
        if (role is null) return ApiErrors.Invalid(http, "authorized_role_unique_id", "transition.errors.authorized_role");
        if (!ExportFonts.EnsureInstalled(configuration["Exports:FontDirectory"]))
            return ApiErrors.Error(http, 503, "No font for PDF exports: install fonts-dejavu-core or set Exports:FontDirectory");

        var content = await ContentAsync(db, permissions, catalog, options, actor, record!, transition, role, ct);
        var pdf = RecordPdf.Render(content);
        var name = $"{record!.ShortId}-{(kind == TransitionTypes.Referral ? "referral" : "transfer")}";
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(EncryptedZip.Create(name + ".pdf", pdf, password), "application/zip", name + ".zip");
    }

    /// <summary>
    /// What goes on paper: the forms the role grants, of the record's module, keeping only the fields the exporting user
    /// may read themselves (a role cannot carry out what its sender cannot see), answered fields only.
    /// </summary>
    public static async Task<PdfContent> ContentAsync(AmparoDbContext db, FieldPermissions permissions, FormCatalog catalog, OptionCatalog options,
        CurrentUser actor, RecordEntity record, Transition transition, Roles.Role role, CancellationToken ct)
    {
        var locale = await db.Users.AsNoTracking().Where(u => u.Id == actor.Id).Select(u => u.Locale).FirstOrDefaultAsync(ct);
        var texts = ExportTexts.For(locale);
        var access = await permissions.ForRecordAsync(actor, record, ct) ?? RecordEndpoints.NoFields;
        var moduleForms = await catalog.ModuleFormsAsync(record.ModuleId, record.RecordType, ct) ?? [];
        var grants = CurrentUserLoader.FormGrants(role.FormSectionReadWrite);
        var topLevel = moduleForms.Where(f => !f.IsNested && grants.ContainsKey(f.UniqueId))
            .OrderBy(f => f.OrderFormGroup).ThenBy(f => f.Order).ToList();
        var schema = new FormSchema(topLevel, moduleForms.Where(f => f.IsNested));
        var resolver = await options.ForAsync(schema, ct);
        var document = JsonNode.Parse(record.Data) as JsonObject ?? [];

        var sections = new List<PdfSection>();
        foreach (var form in topLevel)
        {
            var lines = Lines(form.Fields.Where(f => access.CanRead(f.Name)), document, schema, resolver, texts, 0);
            if (lines.Count > 0) sections.Add(new PdfSection(form.Name.Get(texts.Locale), lines));
        }

        var sender = await db.Users.AsNoTracking().Where(u => u.Id == transition.TransitionedByUserId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var summary = new List<PdfLine>
        {
            new(texts.Case, record.CaseIdDisplay),
            new(texts.SentBy, string.IsNullOrWhiteSpace(sender) ? transition.TransitionedBy : $"{sender} ({transition.TransitionedBy})"),
            new(texts.To, transition.TransitionedToRemote ?? ""),
            new(texts.Organisation, transition.TransitionedToAgency ?? ""),
            new(texts.Date, transition.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new(texts.Role, role.Name),
        };
        if (transition.Service is { Length: > 0 } service) summary.Add(new(texts.Service, service));
        if (transition.Notes is { Length: > 0 } notes) summary.Add(new(texts.Notes, notes));
        if (transition.ConsentOverridden) summary.Add(new(texts.Consent, texts.Overridden));

        var title = string.Format(CultureInfo.InvariantCulture, transition.Type == TransitionTypes.Referral ? texts.ReferralTitle : texts.TransferTitle, record.CaseIdDisplay);
        return new PdfContent(title, summary, sections, texts.Footer);
    }

    /// <summary>The answered, visible fields of a form or subform row as lines; a subform's rows follow as indented blocks.</summary>
    private static List<PdfLine> Lines(IEnumerable<Field> fields, JsonObject answers, FormSchema schema, IOptionResolver resolver, ExportTexts texts, int indent)
    {
        var lines = new List<PdfLine>();
        foreach (var field in fields.Where(f => f.Visible).OrderBy(f => f.Order))
        {
            var label = field.DisplayName.Get(texts.Locale) is { Length: > 0 } l ? l : field.Name;
            switch (field)
            {
                // Masked answers stay masked; files, signatures and client-drawn widgets do not go on paper.
                case TextField { HiddenText: true } or UploadField or SignatureField or CustomField or LinkToFormField:
                    continue;
                case SeparatorField:
                    lines.Add(new PdfLine(label, "", indent, Heading: true));
                    continue;
                case SubformField sub:
                    if (answers[field.Name] is not JsonArray rows || schema.RowSchema(sub) is not { } rowSchema) continue;
                    var number = 0;
                    foreach (var row in rows.OfType<JsonObject>())
                    {
                        var rowLines = Lines(rowSchema.Forms.SelectMany(f => f.Fields), row, rowSchema, resolver, texts, indent + 1);
                        if (rowLines.Count == 0) continue;
                        lines.Add(new PdfLine($"{label} {++number}", "", indent, Heading: true));
                        lines.AddRange(rowLines);
                    }
                    continue;
            }
            var value = Text(field, answers[field.Name], resolver, texts);
            if (!string.IsNullOrWhiteSpace(value)) lines.Add(new PdfLine(label, value, indent));
        }
        return lines;
    }

    /// <summary>An answer as a person reads it: option labels for choices, Yes/No for tick boxes, tallies by category.</summary>
    private static string? Text(Field field, JsonNode? value, IOptionResolver resolver, ExportTexts texts)
    {
        if (value is null) return null;
        switch (field)
        {
            case TickBoxField:
                return value is JsonValue v && v.TryGetValue<bool>(out var ticked) ? (ticked ? texts.Yes : texts.No) : value.ToString();
            case ChoiceField choice:
                var known = RecordValidator.OptionsOf(choice, resolver) ?? [];
                string Label(string id) => known.FirstOrDefault(o => o.Id == id)?.DisplayText.Get(texts.Locale) is { Length: > 0 } text ? text : id;
                return value is JsonArray many
                    ? string.Join(", ", many.Select(x => x?.ToString()).OfType<string>().Select(Label))
                    : Label(value.ToString());
            case TallyField tally when value is JsonObject counts:
                return string.Join(", ", counts.Select(kv =>
                    $"{tally.Tally.FirstOrDefault(o => o.Id == kv.Key)?.DisplayText.Get(texts.Locale) ?? kv.Key}: {kv.Value}"));
            case DateRangeField when value is JsonObject range:
                return string.Join(" – ", new[] { range["from"]?.ToString(), range["to"]?.ToString() }.Where(s => !string.IsNullOrEmpty(s)));
            default:
                return value is JsonValue ? value.ToString() : value.ToJsonString();
        }
    }
}

/// <summary>The export's own words (en, fr, ar; anything else gets English). Form and field labels come from the forms.</summary>
internal sealed record ExportTexts(string Locale, string ReferralTitle, string TransferTitle, string Case, string SentBy, string To, string Organisation,
    string Date, string Role, string Service, string Notes, string Consent, string Overridden, string Yes, string No, string Footer)
{
    private static readonly Dictionary<string, ExportTexts> All = new(StringComparer.Ordinal)
    {
        ["en"] = new("en", "Referral of case {0}", "Transfer of case {0}", "Case", "Sent by", "To", "Organisation", "Date", "Forms shared under the role",
            "Service", "Notes", "Consent", "Not given: overridden by the sender", "Yes", "No",
            "Confidential: shared for the protection of the person it concerns. Do not copy or forward."),
        ["fr"] = new("fr", "Référence du dossier {0}", "Transfert du dossier {0}", "Dossier", "Envoyé par", "À", "Organisation", "Date",
            "Formulaires partagés sous le rôle", "Service", "Notes", "Consentement", "Non donné : passé outre par l'expéditeur", "Oui", "Non",
            "Confidentiel : partagé pour la protection de la personne concernée. Ne pas copier ni transmettre."),
        ["ar"] = new("ar", "إحالة الحالة {0}", "نقل الحالة {0}", "الحالة", "أرسلها", "إلى", "المنظمة", "التاريخ", "النماذج المشتركة وفق الدور",
            "الخدمة", "ملاحظات", "الموافقة", "لم تُعطَ: تجاوزها المرسِل", "نعم", "لا",
            "سري: تمت مشاركته لحماية الشخص المعني. لا تنسخه ولا تعيد إرساله."),
    };

    public static ExportTexts For(string? locale) => locale is not null && All.TryGetValue(locale, out var texts) ? texts : All["en"];
}
