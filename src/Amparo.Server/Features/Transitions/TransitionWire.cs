using Amparo.Contracts.Wire;
using Amparo.Server.Platform.Api;

namespace Amparo.Server.Features.Transitions;

/// <summary>A transition as Primero's API shows it (contract §2.6, <see cref="TransitionJson"/>): null values left out.</summary>
internal static class TransitionWire
{
    public static TransitionJson ToJson(Transition t, bool recordAccessDenied, bool userCanAcceptOrReject) => new()
    {
        Id = t.Id.ToString(),
        Type = t.Type,
        Status = t.Status,
        RecordId = t.RecordId.ToString(),
        RecordType = t.RecordType,
        TransitionedTo = t.TransitionedTo,
        TransitionedToRemote = t.TransitionedToRemote,
        TransitionedToAgency = t.TransitionedToAgency,
        TransitionedBy = t.TransitionedBy,
        TransitionedByUserAgency = t.TransitionedByUserAgency,
        TransitionedByUserGroups = Forms.FormCatalog.Strings(t.TransitionedByUserGroups),
        TransitionedToUserAgency = t.TransitionedToUserAgency,
        TransitionedToUserGroups = t.Remote ? null : Forms.FormCatalog.Strings(t.TransitionedToUserGroups),
        Notes = t.Notes,
        RejectedReason = t.RejectedReason,
        RejectionNote = t.RejectionNote,
        Remote = t.Remote,
        TypeOfExport = t.TypeOfExport,
        Service = t.Service,
        ServiceRecordId = t.ServiceRecordId,
        ConsentOverridden = t.ConsentOverridden,
        ConsentIndividualTransfer = t.ConsentIndividualTransfer,
        AuthorizedRoleUniqueId = t.AuthorizedRoleUniqueId,
        AllowCaseCreation = t.AllowCaseCreation,
        RecordOwnedBy = t.RecordOwnedBy,
        RecordOwnedByAgency = t.RecordOwnedByAgency,
        RecordOwnedByGroups = Forms.FormCatalog.Strings(t.RecordOwnedByGroups),
        RespondedAt = ApiTime.Format(t.RespondedAt),
        CreatedAt = ApiTime.Format(t.CreatedAt),
        RecordAccessDenied = recordAccessDenied,
        UserCanAcceptOrReject = userCanAcceptOrReject,
    };
}
