using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.SystemSettings;

/// <summary>
/// The tenant's system settings as the server acts on them: what was configured (Primero's <c>SystemSettings</c> row,
/// imported or edited), over Amparo's defaults. <c>GET /system_settings</c> shows these values and the features that
/// enforce them (attachments, user lists' reporting location) read the same ones.
/// </summary>
internal static class TenantSettings
{
    /// <summary>Files one record may hold when the tenant configures no other limit (Primero's default too).</summary>
    public const int DefaultMaximumAttachmentsPerRecord = 100;

    public static async Task<JsonObject> StoredAsync(AmparoDbContext db, CancellationToken ct) =>
        await db.Set<StoredSystemSettings>().AsNoTracking().Select(s => s.Settings).FirstOrDefaultAsync(ct) is { } stored
        && JsonNode.Parse(stored) is JsonObject configured ? configured : [];

    /// <summary>The most files a record may hold (<c>system_options.maximum_attachments_per_record</c>).</summary>
    public static int MaximumAttachmentsPerRecord(JsonObject stored) =>
        stored["system_options"] is JsonObject options && JsonRead.Number(options, "maximum_attachments_per_record") is { } limit && limit > 0
            ? limit : DefaultMaximumAttachmentsPerRecord;

    /// <summary>
    /// Primero's <c>system_options</c>, the switches its client reads: the configured ones over what Amparo does — the
    /// attachment limit it enforces, a code of conduct to accept once one is published, no terms of use to enforce, no
    /// case creation from a referral.
    /// </summary>
    public static JsonObject SystemOptions(JsonObject stored, bool codeOfConductInForce)
    {
        var options = new JsonObject
        {
            ["allow_case_creation_from_referral"] = false,
            ["enforce_terms_of_use"] = false,
            ["code_of_conduct_enabled"] = codeOfConductInForce,
        };
        if (stored["system_options"] is JsonObject configured)
            foreach (var (key, value) in configured) options[key] = value?.DeepClone();
        options["maximum_attachments_per_record"] = MaximumAttachmentsPerRecord(stored);
        options["code_of_conduct_enabled"] = codeOfConductInForce;
        return options;
    }

    /// <summary>
    /// Primero's <c>reporting_location_config</c>: which location field records are reported by, at which admin level,
    /// the location types of each level (<c>admin_level_map</c>) and the types of the reporting level (<c>label_keys</c>).
    /// Unconfigured, it is the owner's location at district level, as Primero ships.
    /// </summary>
    public static JsonObject ReportingLocationConfig(JsonObject stored)
    {
        var configured = stored["reporting_location_config"] as JsonObject ?? [];
        var level = JsonRead.Number(configured, "admin_level") ?? 2;
        var map = configured["admin_level_map"] as JsonObject
            ?? new JsonObject { ["1"] = new JsonArray("province"), ["2"] = new JsonArray("district") };
        var config = new JsonObject
        {
            ["field_key"] = JsonRead.Str(configured, "field_key") ?? "owned_by_location",
            ["admin_level"] = level,
            ["admin_level_map"] = map.DeepClone(),
            ["hierarchy_filter"] = configured["hierarchy_filter"]?.DeepClone() ?? new JsonArray(),
            ["label_keys"] = map[level.ToString(System.Globalization.CultureInfo.InvariantCulture)]?.DeepClone() ?? new JsonArray(),
        };
        foreach (var (key, value) in configured)
            if (!config.ContainsKey(key)) config[key] = value?.DeepClone();
        return config;
    }
}
