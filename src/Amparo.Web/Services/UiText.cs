namespace Amparo.Web.Services;

/// <summary>
/// The client's UI strings in English, French and Arabic, looked up by key with English as fallback.
/// Form labels are not here: they come localised in the form definitions.
/// </summary>
public sealed class UiText
{
    public static readonly IReadOnlyList<(string Code, string Name)> Languages = [("en", "English"), ("fr", "Français"), ("ar", "العربية")];

    private static readonly Dictionary<string, Dictionary<string, string>> Strings = new()
    {
        ["en"] = new()
        {
            ["login.forgot"] = "Forgot your password?",
            ["reset.request_title"] = "Reset your password",
            ["reset.email"] = "E-mail address",
            ["reset.send"] = "Send the link",
            ["reset.sent"] = "If that address belongs to an account, a link to choose a new password is on its way.",
            ["reset.title"] = "Choose a new password",
            ["reset.password"] = "New password",
            ["reset.confirm"] = "Repeat the new password",
            ["reset.submit"] = "Save the new password",
            ["reset.invalid_link"] = "This link is no longer valid. Ask for a new one.",
            ["reset.password_rules"] = "Use 8 to 128 characters, and type it the same twice.",
            ["app.title"] = "Amparo",
            ["login.title"] = "Sign in",
            ["login.user_name"] = "User name",
            ["login.password"] = "Password",
            ["login.submit"] = "Sign in",
            ["login.invalid"] = "Invalid user name or password.",
            ["login.locked"] = "This account is locked. Try again later or ask an administrator.",
            ["login.throttled"] = "Too many attempts. Wait a minute and try again.",
            ["nav.cases"] = "Cases",
            ["nav.logout"] = "Sign out",
            ["nav.language"] = "Language",
            ["cases.title"] = "Cases",
            ["cases.new"] = "New case",
            ["cases.search"] = "Search by name or case ID",
            ["cases.none"] = "No cases found.",
            ["cases.id"] = "Case ID",
            ["cases.name"] = "Name",
            ["cases.sex"] = "Sex",
            ["cases.age"] = "Age",
            ["cases.registered"] = "Registered",
            ["cases.status"] = "Status",
            ["cases.rows"] = "Rows per page",
            ["case.new_title"] = "New case",
            ["case.edit_title"] = "Case {0}",
            ["case.save"] = "Save",
            ["case.cancel"] = "Back to list",
            ["case.saved"] = "Case saved.",
            ["case.invalid"] = "Some answers need attention.",
            ["case.not_found"] = "This case does not exist or you may not open it.",
            ["case.conflict"] = "Someone else changed this case. Reload it and make your change again.",
            ["form.required"] = "Required",
            ["form.add_row"] = "Add",
            ["form.remove_row"] = "Remove",
            ["form.not_editable_here"] = "Shown only; edited elsewhere",
            ["error.network"] = "The server could not be reached. Check the connection and try again.",
            ["error.generic"] = "Something went wrong. Try again.",
            ["status.open"] = "Open",
            ["status.closed"] = "Closed",
            ["loading"] = "Loading…",
        },
        ["fr"] = new()
        {
            ["login.forgot"] = "Mot de passe oublié ?",
            ["reset.request_title"] = "Réinitialiser le mot de passe",
            ["reset.email"] = "Adresse e-mail",
            ["reset.send"] = "Envoyer le lien",
            ["reset.sent"] = "Si cette adresse correspond à un compte, un lien pour choisir un nouveau mot de passe va arriver.",
            ["reset.title"] = "Choisir un nouveau mot de passe",
            ["reset.password"] = "Nouveau mot de passe",
            ["reset.confirm"] = "Répéter le nouveau mot de passe",
            ["reset.submit"] = "Enregistrer le mot de passe",
            ["reset.invalid_link"] = "Ce lien n'est plus valable. Demandez-en un nouveau.",
            ["reset.password_rules"] = "De 8 à 128 caractères, saisis deux fois à l'identique.",
            ["app.title"] = "Amparo",
            ["login.title"] = "Connexion",
            ["login.user_name"] = "Nom d'utilisateur",
            ["login.password"] = "Mot de passe",
            ["login.submit"] = "Se connecter",
            ["login.invalid"] = "Nom d'utilisateur ou mot de passe incorrect.",
            ["login.locked"] = "Ce compte est verrouillé. Réessayez plus tard ou contactez un administrateur.",
            ["login.throttled"] = "Trop de tentatives. Patientez une minute puis réessayez.",
            ["nav.cases"] = "Dossiers",
            ["nav.logout"] = "Se déconnecter",
            ["nav.language"] = "Langue",
            ["cases.title"] = "Dossiers",
            ["cases.new"] = "Nouveau dossier",
            ["cases.search"] = "Rechercher par nom ou n° de dossier",
            ["cases.none"] = "Aucun dossier trouvé.",
            ["cases.id"] = "N° de dossier",
            ["cases.name"] = "Nom",
            ["cases.sex"] = "Sexe",
            ["cases.age"] = "Âge",
            ["cases.registered"] = "Enregistré le",
            ["cases.status"] = "Statut",
            ["cases.rows"] = "Lignes par page",
            ["case.new_title"] = "Nouveau dossier",
            ["case.edit_title"] = "Dossier {0}",
            ["case.save"] = "Enregistrer",
            ["case.cancel"] = "Retour à la liste",
            ["case.saved"] = "Dossier enregistré.",
            ["case.invalid"] = "Certaines réponses sont à corriger.",
            ["case.not_found"] = "Ce dossier n'existe pas ou vous n'y avez pas accès.",
            ["case.conflict"] = "Quelqu'un d'autre a modifié ce dossier. Rechargez-le et refaites votre modification.",
            ["form.required"] = "Obligatoire",
            ["form.add_row"] = "Ajouter",
            ["form.remove_row"] = "Retirer",
            ["form.not_editable_here"] = "Affiché seulement ; modifié ailleurs",
            ["error.network"] = "Le serveur est injoignable. Vérifiez la connexion et réessayez.",
            ["error.generic"] = "Une erreur s'est produite. Réessayez.",
            ["status.open"] = "Ouvert",
            ["status.closed"] = "Fermé",
            ["loading"] = "Chargement…",
        },
        ["ar"] = new()
        {
            ["login.forgot"] = "نسيت كلمة المرور؟",
            ["reset.request_title"] = "إعادة تعيين كلمة المرور",
            ["reset.email"] = "البريد الإلكتروني",
            ["reset.send"] = "إرسال الرابط",
            ["reset.sent"] = "إذا كان هذا العنوان لحساب، فسيصلك رابط لاختيار كلمة مرور جديدة.",
            ["reset.title"] = "اختر كلمة مرور جديدة",
            ["reset.password"] = "كلمة المرور الجديدة",
            ["reset.confirm"] = "أعد كتابة كلمة المرور",
            ["reset.submit"] = "حفظ كلمة المرور",
            ["reset.invalid_link"] = "هذا الرابط لم يعد صالحًا. اطلب رابطًا جديدًا.",
            ["reset.password_rules"] = "من 8 إلى 128 حرفًا، مكتوبة مرتين بالشكل نفسه.",
            ["app.title"] = "أمبارو",
            ["login.title"] = "تسجيل الدخول",
            ["login.user_name"] = "اسم المستخدم",
            ["login.password"] = "كلمة المرور",
            ["login.submit"] = "دخول",
            ["login.invalid"] = "اسم المستخدم أو كلمة المرور غير صحيحة.",
            ["login.locked"] = "هذا الحساب مقفل. حاول لاحقًا أو اتصل بالمسؤول.",
            ["login.throttled"] = "محاولات كثيرة. انتظر دقيقة ثم حاول مجددًا.",
            ["nav.cases"] = "الحالات",
            ["nav.logout"] = "تسجيل الخروج",
            ["nav.language"] = "اللغة",
            ["cases.title"] = "الحالات",
            ["cases.new"] = "حالة جديدة",
            ["cases.search"] = "البحث بالاسم أو رقم الحالة",
            ["cases.none"] = "لا توجد حالات.",
            ["cases.id"] = "رقم الحالة",
            ["cases.name"] = "الاسم",
            ["cases.sex"] = "الجنس",
            ["cases.age"] = "العمر",
            ["cases.registered"] = "تاريخ التسجيل",
            ["cases.status"] = "الحالة",
            ["cases.rows"] = "صفوف في الصفحة",
            ["case.new_title"] = "حالة جديدة",
            ["case.edit_title"] = "الحالة {0}",
            ["case.save"] = "حفظ",
            ["case.cancel"] = "العودة إلى القائمة",
            ["case.saved"] = "تم حفظ الحالة.",
            ["case.invalid"] = "بعض الإجابات تحتاج إلى تصحيح.",
            ["case.not_found"] = "هذه الحالة غير موجودة أو لا يمكنك فتحها.",
            ["case.conflict"] = "عدّل شخص آخر هذه الحالة. أعد تحميلها وكرر تعديلك.",
            ["form.required"] = "مطلوب",
            ["form.add_row"] = "إضافة",
            ["form.remove_row"] = "حذف",
            ["form.not_editable_here"] = "للعرض فقط",
            ["error.network"] = "تعذر الوصول إلى الخادم. تحقق من الاتصال وحاول مجددًا.",
            ["error.generic"] = "حدث خطأ. حاول مجددًا.",
            ["status.open"] = "مفتوحة",
            ["status.closed"] = "مغلقة",
            ["loading"] = "جارٍ التحميل…",
        },
    };

    public string Language { get; private set; } = "en";

    public bool IsRightToLeft => Language == "ar";

    public event Action? Changed;

    public string this[string key] =>
        Strings.TryGetValue(Language, out var table) && table.TryGetValue(key, out var text) ? text
        : Strings["en"].TryGetValue(key, out var english) ? english : key;

    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], args);

    public void SetLanguage(string code)
    {
        var next = Strings.ContainsKey(code) ? code : "en";
        if (next == Language) return;
        Language = next;
        Changed?.Invoke();
    }

    /// <summary>Every key of every language, for the test that no translation is missing.</summary>
    internal static IReadOnlyDictionary<string, Dictionary<string, string>> All => Strings;
}
