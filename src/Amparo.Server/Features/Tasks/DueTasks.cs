using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Tasks;

internal sealed record DueTask(string Type, DateTimeOffset Due, string? Detail, string CompletionField);

/// <summary>
/// The tasks a case's answers give, as Primero computes them: read by <c>GET /tasks</c> and by the record's
/// <c>task_due</c> facet (<see cref="Records.RecordFacets"/>), so both count the same tasks.
/// </summary>
internal static class DueTasks
{
    /// <summary>The tasks one case's answers give.</summary>
    public static IEnumerable<DueTask> Of(JsonObject data)
    {
        if (Date(data["assessment_due_date"]) is { } assessment && RecordValidator.IsBlank(data["assessment_requested_on"]))
            yield return new DueTask("assessment", assessment, null, "assessment_requested_on");
        if (Date(data["case_plan_due_date"]) is { } plan && RecordValidator.IsBlank(data["date_case_plan"]))
            yield return new DueTask("case_plan", plan, null, "date_case_plan");
        foreach (var row in (data["followup_subform_section"] as JsonArray ?? []).OfType<JsonObject>())
            if (Date(row["followup_needed_by_date"]) is { } needed && RecordValidator.IsBlank(row["followup_date"]))
                yield return new DueTask("follow_up", needed, JsonRead.Str(row, "followup_type"), "followup_date");
        foreach (var row in (data["services_section"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!RecordValidator.IsBlank(row["service_implemented_day_time"])) continue;
            var due = Date(row["service_response_day_time"]) is { } responded && Timeframe(JsonRead.Str(row, "service_response_timeframe")) is { } frame
                ? responded + frame
                : Date(row["service_appointment_date"]) is { } appointment ? appointment.AddDays(1).AddTicks(-1) : (DateTimeOffset?)null;
            if (due is { } d) yield return new DueTask("service", d, JsonRead.Str(row, "service_type"), "service_implemented_day_time");
        }
    }

    /// <summary>Primero's time frames: <c>N_unit</c>, e.g. <c>3_days</c>, <c>1_hour</c>.</summary>
    private static TimeSpan? Timeframe(string? text)
    {
        if (text?.Split('_') is not [var count, var unit] || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        return unit.TrimEnd('s') switch
        {
            "hour" => TimeSpan.FromHours(n),
            "day" => TimeSpan.FromDays(n),
            "week" => TimeSpan.FromDays(7 * n),
            "month" => TimeSpan.FromDays(30 * n),
            _ => null,
        };
    }

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
