using System.Globalization;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// The words of a notification, in the recipient's language (en, fr, ar; anything else gets English). A message
/// names the record only by its kind and short id, and links to it: everything else needs a signed-in read, so a
/// mailbox or a lock screen never shows case content.
/// </summary>
internal static class NotificationTexts
{
    internal sealed record Text(string Subject, string Body);

    // {0} record noun, {1} short id.
    private static readonly Dictionary<string, Dictionary<NotificationKind, Text>> Templates = new(StringComparer.Ordinal)
    {
        ["en"] = new()
        {
            [NotificationKind.ApprovalRequest] = new("Approval requested: {0} {1}", "An approval has been requested for {0} {1}."),
            [NotificationKind.ApprovalResponse] = new("Approval response: {0} {1}", "The approval request for {0} {1} has been answered."),
            [NotificationKind.TransitionNotification] = new("Sent to you: {0} {1}", "{0} {1} has been assigned, referred or transferred to you."),
            [NotificationKind.TransferRequest] = new("Transfer requested: {0} {1}", "A transfer of {0} {1} has been requested."),
        },
        ["fr"] = new()
        {
            [NotificationKind.ApprovalRequest] = new("Approbation demandée : {0} {1}", "Une approbation a été demandée pour {0} {1}."),
            [NotificationKind.ApprovalResponse] = new("Réponse d'approbation : {0} {1}", "La demande d'approbation pour {0} {1} a reçu une réponse."),
            [NotificationKind.TransitionNotification] = new("Vous a été confié : {0} {1}", "{0} {1} vous a été assigné, référé ou transféré."),
            [NotificationKind.TransferRequest] = new("Transfert demandé : {0} {1}", "Un transfert de {0} {1} a été demandé."),
        },
        ["ar"] = new()
        {
            [NotificationKind.ApprovalRequest] = new("طلب موافقة: {0} {1}", "تم طلب موافقة على {0} {1}."),
            [NotificationKind.ApprovalResponse] = new("رد على طلب الموافقة: {0} {1}", "تم الرد على طلب الموافقة الخاص بـ {0} {1}."),
            [NotificationKind.TransitionNotification] = new("أُحيل إليك: {0} {1}", "تم إسناد {0} {1} إليك أو إحالته أو نقله إليك."),
            [NotificationKind.TransferRequest] = new("طلب نقل: {0} {1}", "تم تقديم طلب لنقل {0} {1}."),
        },
    };

    private static readonly Dictionary<string, Dictionary<string, string>> Nouns = new(StringComparer.Ordinal)
    {
        ["en"] = new() { ["case"] = "case", ["incident"] = "incident", ["tracing_request"] = "tracing request", ["family"] = "family", ["registry_record"] = "registry record" },
        ["fr"] = new() { ["case"] = "dossier", ["incident"] = "incident", ["tracing_request"] = "demande de recherche", ["family"] = "famille", ["registry_record"] = "registre" },
        ["ar"] = new() { ["case"] = "الحالة", ["incident"] = "الحادثة", ["tracing_request"] = "طلب التتبع", ["family"] = "الأسرة", ["registry_record"] = "السجل" },
    };

    private static readonly Dictionary<string, string> OpenIt = new(StringComparer.Ordinal)
    {
        ["en"] = "Open it in Amparo (sign-in required):",
        ["fr"] = "Ouvrez-le dans Amparo (connexion requise) :",
        ["ar"] = "افتحه في Amparo (يلزم تسجيل الدخول):",
    };

    private static readonly Dictionary<string, string> Why = new(StringComparer.Ordinal)
    {
        ["en"] = "You receive this message because of your notification settings in Amparo.",
        ["fr"] = "Vous recevez ce message en raison de vos préférences de notification dans Amparo.",
        ["ar"] = "تصلك هذه الرسالة بسبب إعدادات الإشعارات الخاصة بك في Amparo.",
    };

    public static string Locale(string? locale) => locale is not null && Templates.ContainsKey(locale) ? locale : "en";

    /// <summary>The short subject and one-line body (also a push notification's title and text).</summary>
    public static Text For(string? locale, NotificationKind kind, string recordType, string shortId)
    {
        var l = Locale(locale);
        var noun = Nouns[l].GetValueOrDefault(recordType, recordType);
        var t = Templates[l][kind];
        return new(string.Format(CultureInfo.InvariantCulture, t.Subject, noun, shortId), string.Format(CultureInfo.InvariantCulture, t.Body, noun, shortId));
    }

    /// <summary>The e-mail body: the one line, the link, and why it came.</summary>
    public static string MailBody(string? locale, Text text, string link)
    {
        var l = Locale(locale);
        return $"{text.Body}\n\n{OpenIt[l]}\n{link}\n\n--\n{Why[l]}\n";
    }
}
