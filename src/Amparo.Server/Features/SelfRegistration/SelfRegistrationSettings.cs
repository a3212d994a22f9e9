using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.SelfRegistration;

/// <summary>Self-registration as the tenant's system settings configure it: read by the endpoint and by the bootstrap answer.</summary>
internal static class SelfRegistrationSettings
{
    private const int DefaultCleanupDays = 30;

    /// <summary>A stream as the tenant's system settings define it.</summary>
    public sealed record Stream(string Id, string? RoleUniqueId, string? AgencyUniqueId, IReadOnlyList<string> UserGroupUniqueIds, JsonObject? LinkLabel, JsonObject? ConsentText);

    public sealed record Settings(bool Allowed, IReadOnlyList<Stream> Streams, int CleanupDays);

    /// <summary><c>allow_self_registration</c>, <c>registration_streams</c> and <c>unverified_user_cleanup_days</c> of the tenant's system settings.</summary>
    public static async Task<Settings> ReadAsync(AmparoDbContext db, CancellationToken ct)
    {
        var stored = await db.Set<StoredSystemSettings>().AsNoTracking().Select(s => s.Settings).FirstOrDefaultAsync(ct);
        if (stored is null || JsonNode.Parse(stored) is not JsonObject settings) return new Settings(false, [], DefaultCleanupDays);
        var streams = (settings["registration_streams"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => JsonRead.Str(s, "id") is { Length: > 0 })
            .Select(s => new Stream(
                JsonRead.Str(s, "id")!,
                JsonRead.Str(s, "role_unique_id") ?? JsonRead.Str(s, "role"),
                JsonRead.Str(s, "agency_unique_id") ?? JsonRead.Str(s, "agency"),
                [.. (s["user_group_unique_ids"] as JsonArray ?? s["user_groups"] as JsonArray ?? []).Select(g => g is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).OfType<string>()],
                s["link_label"] as JsonObject,
                s["consent_text"] as JsonObject))
            .ToList();
        var days = settings["unverified_user_cleanup_days"] is JsonValue d && d.TryGetValue<int>(out var n) && n > 0 ? n : DefaultCleanupDays;
        return new Settings(JsonRead.Bool(settings, "allow_self_registration") == true && streams.Count > 0, streams, days);
    }
}
