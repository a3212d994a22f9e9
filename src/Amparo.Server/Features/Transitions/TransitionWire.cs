using System.Text.Json.Nodes;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Transitions;

/// <summary>A transition as Primero's API shows it (contract §2.6): null values left out.</summary>
internal static class TransitionWire
{
    public static JsonObject ToJson(Transition t, bool recordAccessDenied, bool userCanAcceptOrReject)
    {
        var o = new JsonObject
        {
            ["id"] = t.Id.ToString(),
            ["type"] = t.Type,
            ["status"] = t.Status,
            ["record_id"] = t.RecordId.ToString(),
            ["record_type"] = t.RecordType,
        };
        void Put(string key, JsonNode? value)
        {
            if (value is not null) o[key] = value;
        }
        Put("transitioned_to", t.TransitionedTo);
        Put("transitioned_to_remote", t.TransitionedToRemote);
        Put("transitioned_to_agency", t.TransitionedToAgency);
        Put("transitioned_by", t.TransitionedBy);
        Put("transitioned_by_user_agency", t.TransitionedByUserAgency);
        Put("transitioned_by_user_groups", JsonNode.Parse(t.TransitionedByUserGroups));
        Put("transitioned_to_user_agency", t.TransitionedToUserAgency);
        Put("transitioned_to_user_groups", t.Remote ? null : JsonNode.Parse(t.TransitionedToUserGroups));
        Put("notes", t.Notes);
        Put("rejected_reason", t.RejectedReason);
        Put("rejection_note", t.RejectionNote);
        Put("remote", t.Remote);
        Put("type_of_export", t.TypeOfExport);
        Put("service", t.Service);
        Put("service_record_id", t.ServiceRecordId);
        Put("consent_overridden", t.ConsentOverridden);
        Put("consent_individual_transfer", t.ConsentIndividualTransfer);
        Put("authorized_role_unique_id", t.AuthorizedRoleUniqueId);
        Put("allow_case_creation", t.AllowCaseCreation);
        Put("record_owned_by", t.RecordOwnedBy);
        Put("record_owned_by_agency", t.RecordOwnedByAgency);
        Put("record_owned_by_groups", JsonNode.Parse(t.RecordOwnedByGroups));
        Put("responded_at", ApiTime.Format(t.RespondedAt));
        Put("created_at", ApiTime.Format(t.CreatedAt));
        o["record_access_denied"] = recordAccessDenied;
        o["user_can_accept_or_reject"] = userCanAcceptOrReject;
        return o;
    }
}
