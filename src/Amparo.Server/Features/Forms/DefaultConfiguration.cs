using System.Text.Json;
using Amparo.Forms;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Forms;

/// <summary>
/// Amparo's own minimal configuration, present from the first start so cases can be recorded at once:
/// the child-protection module (Primero's id <c>primeromodule-cp</c>) with a Basic identity form.
/// Field names follow Primero's so data and integrations line up; the wording is ours.
/// </summary>
internal static class DefaultConfiguration
{
    public const string CpModule = "primeromodule-cp";
    public const string BasicIdentity = "basic_identity";
    private static readonly string[] RecordTypes = ["case"];
    private static readonly string[] FormIds = [BasicIdentity];

    private static LocalizedText T(string en, string fr, string ar) =>
        new(new Dictionary<string, string> { ["en"] = en, ["fr"] = fr, ["ar"] = ar });

    public static FormSection BasicIdentityForm { get; } = new()
    {
        UniqueId = BasicIdentity,
        ParentForm = "case",
        Name = T("Basic identity", "Identité", "الهوية الأساسية"),
        Description = T("Who the child is.", "Qui est l'enfant.", "من هو الطفل."),
        FormGroupId = "identification_registration",
        Order = 10,
        OrderFormGroup = 30,
        CoreForm = true,
        ModuleIds = [CpModule],
        Fields =
        [
            new TextField { Name = "case_id_display", DisplayName = T("Case ID", "N° de dossier", "رقم الحالة"), Editable = false, Disabled = true, Order = 0 },
            new TextField { Name = "name_first", DisplayName = T("First name", "Prénom", "الاسم الأول"), Required = true, Order = 1 },
            new TextField { Name = "name_middle", DisplayName = T("Middle name", "Deuxième prénom", "الاسم الأوسط"), Order = 2 },
            new TextField { Name = "name_last", DisplayName = T("Surname", "Nom", "اسم العائلة"), Order = 3 },
            new TextField { Name = "name_nickname", DisplayName = T("Nickname", "Surnom", "اللقب"), Order = 4 },
            new SelectField
            {
                Name = "sex",
                DisplayName = T("Sex", "Sexe", "الجنس"),
                Order = 5,
                Options = new OptionSource.Inline(
                [
                    new FieldOption("female", T("Female", "Féminin", "أنثى")),
                    new FieldOption("male", T("Male", "Masculin", "ذكر")),
                    new FieldOption("other", T("Other", "Autre", "آخر")),
                ]),
            },
            new DateField { Name = "date_of_birth", DisplayName = T("Date of birth", "Date de naissance", "تاريخ الميلاد"), Order = 6 },
            new NumericField { Name = "age", DisplayName = T("Age", "Âge", "العمر"), Min = 0, Max = 130, Order = 7 },
            new TickBoxField { Name = "estimated", DisplayName = T("Age is estimated", "Âge estimé", "العمر تقديري"), Order = 8 },
            new TextField { Name = "telephone_current", DisplayName = T("Phone", "Téléphone", "الهاتف"), Order = 9 },
            new TextAreaField { Name = "address_current", DisplayName = T("Current address", "Adresse actuelle", "العنوان الحالي"), Order = 10 },
        ],
    };

    /// <summary>Adds the module and form to the current tenant when they are missing; never overwrites an administrator's edits.</summary>
    public static async Task EnsureAsync(AmparoDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        if (!await db.Modules.AnyAsync(m => m.UniqueId == CpModule, ct))
        {
            db.Modules.Add(new ModuleEntity
            {
                UniqueId = CpModule,
                Name = "CP",
                Description = "Child Protection",
                AssociatedRecordTypes = JsonSerializer.Serialize(RecordTypes, AmparoJson.Default.StringArray),
                FormSectionUniqueIds = JsonSerializer.Serialize(FormIds, AmparoJson.Default.StringArray),
            });
        }
        if (!await db.FormSections.AnyAsync(f => f.UniqueId == BasicIdentity, ct))
        {
            db.FormSections.Add(new FormSectionEntity
            {
                UniqueId = BasicIdentity,
                ParentForm = BasicIdentityForm.ParentForm,
                Definition = FormJson.WriteForm(BasicIdentityForm).ToJsonString(),
                UpdatedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
