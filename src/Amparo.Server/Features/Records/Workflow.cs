using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Server.Features.Records;

/// <summary>
/// A case's workflow stage (Primero's <c>workflow</c>), recomputed on every save from what the save changed:
/// closed when closed; otherwise, first rule that applies — reopened, services implemented, the response type of
/// the latest service not yet implemented, case plan, assessment — else it stays. The module's options decide
/// which of the optional stages it uses.
/// </summary>
internal static class Workflow
{
    public const string New = "new";

    public static void Recalculate(RecordEntity record, JsonObject document, IReadOnlyCollection<string> changed, JsonObject? moduleOptions)
    {
        if (!RecordType.Of(record.RecordType).HasWorkflow) return;
        bool Option(string name) => moduleOptions?[name] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
        if (record.Status == "closed") { record.Workflow = "closed"; return; }
        if (record.Status != "open") return;

        if ((changed.Contains("case_status_reopened") || changed.Contains("status")) && JsonRead.Bool(document, "case_status_reopened") == true)
        {
            record.Workflow = "reopened";
            return;
        }
        if (changed.Contains("services_section") && document["services_section"] is JsonArray { Count: > 0 } services)
        {
            var rows = services.OfType<JsonObject>().ToList();
            if (Option("use_workflow_service_implemented") && rows.All(Implemented))
            {
                record.Workflow = "services_implemented";
                return;
            }
            var pending = rows.Where(r => !Implemented(r))
                .OrderByDescending(r => JsonRead.Str(r, "service_response_day_time") ?? JsonRead.Str(r, "service_appointment_date") ?? "")
                .Select(r => JsonRead.Str(r, "service_response_type")).FirstOrDefault(t => !string.IsNullOrEmpty(t));
            if (pending is not null) { record.Workflow = pending; return; }
        }
        if (changed.Contains("date_case_plan") && document["date_case_plan"] is not null && Option("use_workflow_case_plan"))
        {
            record.Workflow = "case_plan";
            return;
        }
        if (changed.Contains("assessment_requested_on") && document["assessment_requested_on"] is not null && Option("use_workflow_assessment"))
            record.Workflow = "assessment";
    }

    private static bool Implemented(JsonObject service) => JsonRead.Str(service, "service_implemented") == "implemented";
}
