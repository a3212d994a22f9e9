using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Users;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// A user's notification choices as Primero's users API carries them: the master switches <c>send_mail</c> and
/// <c>receive_webpush</c>, and <c>settings.notifications.{send_mail|receive_webpush}.&lt;kind&gt;</c>. A kind the user
/// never set follows the master switch; only an explicit <c>false</c> turns it off.
/// </summary>
internal static class NotificationSettings
{
    public const string Mail = "send_mail";
    public const string Push = "receive_webpush";
    private static readonly string[] Channels = [Mail, Push];

    /// <summary>The keys a user may change on their own account.</summary>
    public static readonly string[] UserKeys = [Mail, Push, "settings"];

    public static bool Wants(User user, string channel, NotificationKind kind)
    {
        if (!(channel == Mail ? user.SendMail : user.ReceiveWebpush)) return false;
        return Stored(user)[channel]?[kind.WireName()] is not JsonValue v || !v.TryGetValue<bool>(out var on) || on;
    }

    public static void WriteTo(JsonObject wire, User user)
    {
        wire[Mail] = user.SendMail;
        wire[Push] = user.ReceiveWebpush;
        var stored = Stored(user);
        var notifications = new JsonObject();
        foreach (var channel in Channels)
            notifications[channel] = stored[channel]?.DeepClone() ?? new JsonObject();
        wire["settings"] = new JsonObject { ["notifications"] = notifications };
    }

    /// <summary>Applies whichever of the keys <paramref name="data"/> carries; the attribute at fault when one is malformed (nothing is changed then).</summary>
    public static string? Apply(User user, JsonObject data)
    {
        bool? mail = null, push = null;
        if (data.ContainsKey(Mail) && (mail = JsonRead.Bool(data, Mail)) is null) return Mail;
        if (data.ContainsKey(Push) && (push = JsonRead.Bool(data, Push)) is null) return Push;
        JsonObject? merged = null;
        if (data.ContainsKey("settings"))
        {
            if (data["settings"] is not JsonObject settings) return "settings";
            merged = Stored(user);
            foreach (var (key, value) in settings)
            {
                // Other keys of Primero's settings object are not Amparo's to keep.
                if (key != "notifications") return "settings";
                if (value is not JsonObject channels) return "settings";
                foreach (var (channel, kinds) in channels)
                {
                    if (!Channels.Contains(channel) || kinds is not JsonObject perKind) return "settings";
                    var target = merged[channel] as JsonObject ?? [];
                    merged[channel] = target;
                    foreach (var (kind, on) in perKind)
                    {
                        if (NotificationKinds.FromWire(kind) is null || on is not JsonValue v || !v.TryGetValue<bool>(out var flag)) return "settings";
                        target[kind] = flag;
                    }
                }
            }
        }
        if (mail is { } m) user.SendMail = m;
        if (push is { } p) user.ReceiveWebpush = p;
        if (merged is not null) user.NotificationSettings = merged.ToJsonString();
        return null;
    }

    private static JsonObject Stored(User user) => JsonNode.Parse(user.NotificationSettings) as JsonObject ?? [];
}
