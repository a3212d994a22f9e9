using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;
using Amparo.Forms;
using Amparo.Server.Features.Alerts;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Transitions;

/// <summary>
/// Creates and answers transitions. Every rule Primero leaves to its browser is checked here (primero-domain §16):
/// the consent override needs <c>consent_override</c>; only the recipient (or, for transfers, a manager of the recipient
/// holding <c>accept_or_reject_transfer</c>) accepts or rejects. A transition, the access it grants or removes, the owner
/// change, the alerts and the history entry are one transaction; the notifier is told after it commits.
/// </summary>
internal sealed class TransitionService(AmparoDbContext db, TransitionRecipients recipients, TransitionAccess access, RecordChanges changes,
    ITransitionNotifier notifier, TimeProvider clock)
{
    /// <summary><c>POST /:type/:id/(assigns|referrals|transfers|transfer_requests)</c>: the transition made, or an <see cref="ApiException"/>.</summary>
    public async Task<TransitionJson> CreateAsync(CurrentUser actor, string type, RecordType recordType, string id, TransitionRequest data, CancellationToken ct)
    {
        var name = recordType.Name;
        LimitLength(data);
        // Primero's client always sends the referral dialog's hidden service_record_id, empty unless the referral is of a
        // service row; Primero checks it with Rails' present?, so an empty one is no service row.
        var serviceRecordId = string.IsNullOrWhiteSpace(data.ServiceRecordId) ? null : data.ServiceRecordId;
        // A referral from a service row needs its own permission instead of referral (contract §2.6).
        if (type == TransitionTypes.Referral && !actor.Can(name, serviceRecordId is null ? "referral" : "referral_from_service")) throw ApiException.Forbidden();

        RecordEntity? record;
        try
        {
            record = await RecordAccess.FindReadableAsync(db, actor, name, id, ct, track: true);
        }
        // A transfer is requested for a case the user found in a search beyond their scope: that search is the only
        // way to know of it, so holding search_owned_by_others stands in for read access. Nothing is shown or granted.
        catch (ApiException) when (type == TransitionTypes.TransferRequest && actor.Can(name, "search_owned_by_others") && Guid.TryParse(id, out var guid))
        {
            record = await db.Records.FirstOrDefaultAsync(r => r.Id == guid && r.RecordType == name, ct);
            if (record is null) throw;
        }

        var remote = type is TransitionTypes.Referral or TransitionTypes.Transfer && data.Remote == true;
        Recipient? recipient = null;
        if (remote)
        {
            if (string.IsNullOrWhiteSpace(data.TransitionedToRemote))
                throw ApiException.Invalid("transitioned_to_remote", "transition.errors.transitioned_to_remote");
        }
        else
        {
            var to = type == TransitionTypes.TransferRequest ? record.OwnedBy : data.TransitionedTo;
            if (!string.IsNullOrWhiteSpace(to))
                recipient = (await recipients.EligibleAsync(actor, type, name, record.ModuleId, null, ct, User.Normalize(to))).FirstOrDefault();
            if (recipient is null) throw ApiException.Invalid("transitioned_to", "transition.errors.to_user_can_receive");
        }

        var change = changes.Begin(record, actor.UserName, actor.Id);
        var document = change.Document;
        var consentOverridden = false;
        if (!TransitionRules.HasConsent(type, record.ModuleId, document))
        {
            if (data.ConsentOverridden != true) throw ApiException.Invalid("consent", "transition.errors.consent");
            // Primero's client offers the override only to holders of consent_override but its server takes it from anyone.
            if (!actor.Can(name, "consent_override")) throw ApiException.Forbidden();
            consentOverridden = true;
        }

        // A referral from a service names a row of the record's services subform; the service is that row's.
        var service = type == TransitionTypes.Referral ? data.Service : null;
        if (type == TransitionTypes.Referral && serviceRecordId is not null)
        {
            var row = (document["services_section"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => JsonRead.Str(r, "unique_id") == serviceRecordId)
                ?? throw ApiException.Invalid("service_record_id", "transition.errors.service_record_id");
            service ??= JsonRead.Str(row, "service_type");
        }

        string? authorizedRole = null;
        var roleId = data.AuthorizedRoleUniqueId is { Length: > 0 } named ? named : null;
        // A remote hand-over leaves as an export file made under this role's forms (RemoteExport): without one there is
        // no telling what may leave, so it is required (Primero's client asks for it; its server does not).
        if (remote && roleId is null) throw ApiException.Invalid("authorized_role_unique_id", "transition.errors.authorized_role");
        if ((type == TransitionTypes.Referral || remote) && roleId is not null)
        {
            // Local recipients work under a role marked for referral authorisation; remote ones under a role for external
            // referrals or transfers.
            var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.UniqueId == roleId && !r.Disabled, ct);
            var fits = role is not null && (!remote ? role.ReferralAuthorization : type == TransitionTypes.Referral ? role.Referral : role.Transfer);
            if (!fits) throw ApiException.Invalid("authorized_role_unique_id", "transition.errors.authorized_role");
            authorizedRole = role!.UniqueId;
        }

        var now = clock.GetUtcNow();
        var sender = await SnapshotAsync(actor.Id, ct);
        var owner = await SnapshotAsync(record.OwnedByUserId, ct);
        var transition = NewTransition(type, record, actor, sender, owner, recipient, now);
        transition.TransitionedToRemote = remote ? data.TransitionedToRemote : null;
        transition.TransitionedToAgency = remote ? data.TransitionedToAgency : recipient?.AgencyUniqueId;
        transition.Notes = data.Notes;
        transition.Remote = remote;
        transition.TypeOfExport = remote ? data.TypeOfExport : null;
        transition.Service = service;
        transition.ServiceRecordId = type == TransitionTypes.Referral ? serviceRecordId : null;
        transition.ConsentOverridden = consentOverridden;
        transition.ConsentIndividualTransfer = type is TransitionTypes.Transfer or TransitionTypes.TransferRequest && data.ConsentIndividualTransfer == true;
        transition.AuthorizedRoleUniqueId = authorizedRole;
        transition.AllowCaseCreation = type == TransitionTypes.Referral && data.AllowCaseCreation == true;

        await InTransactionAsync(change, async () =>
        {
            db.Add(transition);
            await ApplyCreatedAsync(transition, record, actor.UserName, ct);
        }, ct);
        await notifier.NotifyAsync(transition, ct);
        return await ToWireAsync(actor, transition, record, ct);
    }

    /// <summary>What became of one record of a bulk referral or transfer: its transition, or why it was refused.</summary>
    internal sealed record Outcome(string RecordId, TransitionJson? Created, ApiException? Refusal);

    /// <summary>
    /// <c>POST /cases/(referrals|transfers)</c> with <c>ids</c>: each record as if referred or transferred alone, in its own
    /// transaction; one record's refusal (not found, forbidden, not eligible, changed meanwhile) is its outcome and the
    /// others go on. At most 100 ids.
    /// </summary>
    public async Task<IReadOnlyList<Outcome>> CreateManyAsync(CurrentUser actor, string type, RecordType recordType, TransitionRequest data, CancellationToken ct)
    {
        if (data.Ids is not { Count: > 0 } ids) throw ApiException.Missing("ids");
        if (ids.Count > BulkAssign.Limit) throw ApiException.Unprocessable("case.messages.bulk_limit");
        var outcomes = new List<Outcome>();
        foreach (var id in ids.Distinct())
        {
            // Each record starts clean: a refusal or a conflict on one must not carry tracked changes into the next.
            db.ChangeTracker.Clear();
            try
            {
                outcomes.Add(new(id, await CreateAsync(actor, type, recordType, id, data, ct), null));
            }
            catch (ApiException refusal)
            {
                outcomes.Add(new(id, null, refusal));
            }
        }
        return outcomes;
    }

    private static Transition NewTransition(string type, RecordEntity record, CurrentUser actor, (string? Agency, string Groups) sender,
        (string? Agency, string Groups) owner, Recipient? recipient, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Type = type,
        Status = type == TransitionTypes.Assign ? TransitionStatus.Done : TransitionStatus.InProgress,
        RecordId = record.Id,
        RecordType = record.RecordType,
        TransitionedTo = recipient?.UserName,
        TransitionedToUserId = recipient?.Id,
        TransitionedToAgency = recipient?.AgencyUniqueId,
        TransitionedBy = actor.UserName,
        TransitionedByUserId = actor.Id,
        TransitionedByUserAgency = sender.Agency,
        TransitionedByUserGroups = sender.Groups,
        TransitionedToUserAgency = recipient?.AgencyUniqueId,
        TransitionedToUserGroups = recipient is null ? "[]" : new JsonArray([.. recipient.GroupUniqueIds.Select(g => (JsonNode?)g)]).ToJsonString(),
        RecordOwnedBy = record.OwnedBy,
        RecordOwnedByAgency = owner.Agency,
        RecordOwnedByGroups = owner.Groups,
        CreatedAt = now,
    };

    /// <summary>
    /// One assignment of a bulk assign, run by <see cref="BulkAssignWorker"/> with the sender as they are now: a record
    /// they can no longer reach, or a recipient no longer eligible, is skipped. Returns whether the record was assigned.
    /// </summary>
    public async Task<bool> AssignInBackgroundAsync(CurrentUser actor, Guid recordId, string recipientName, string? notes, CancellationToken ct)
    {
        var record = await db.Records.Where(r => r.Id == recordId).ReadableAmong(db, actor).FirstOrDefaultAsync(ct);
        if (record is null || !TransitionRecipients.MayAssign(actor, record.RecordType)) return false;
        var recipient = (await recipients.EligibleAsync(actor, TransitionTypes.Assign, record.RecordType, record.ModuleId, null, ct, recipientName)).FirstOrDefault();
        if (recipient is null) return false;
        var transition = NewTransition(TransitionTypes.Assign, record, actor, await SnapshotAsync(actor.Id, ct), await SnapshotAsync(record.OwnedByUserId, ct), recipient, clock.GetUtcNow());
        transition.Notes = notes;
        var change = changes.Begin(record, actor.UserName, actor.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(transition);
        await ApplyCreatedAsync(transition, record, actor.UserName, ct);
        await changes.StageAsync(change, ct);
        await changes.CommitAsync(ct);
        await tx.CommitAsync(ct);
        await notifier.NotifyAsync(transition, ct);
        return true;
    }

    /// <summary>What a new transition does to its record: owner, access, alerts, status (for remote transfers), history.</summary>
    private async Task ApplyCreatedAsync(Transition t, RecordEntity record, string actorName, CancellationToken ct)
    {
        if (t.Type == TransitionTypes.Assign)
        {
            await ChangeOwnerAsync(record, t.TransitionedToUserId!.Value, t.TransitionedTo!, ct);
            return;
        }
        if (t.Remote)
        {
            // A remote transfer hands the case over outside the system; the export itself is produced elsewhere.
            if (t.Type == TransitionTypes.Transfer) record.Status = "transferred";
            return;
        }
        await AddAlertAsync(record, t.Type, t.TransitionedToUserId!.Value, actorName, ct);
        if (t.Type is TransitionTypes.Referral or TransitionTypes.Transfer) await access.SyncAsync(record, [t.TransitionedToUserId], ct);
    }

    /// <summary>
    /// <c>PATCH /:type/:id/(referrals|transfers|transfer_requests)/:tid</c> with <paramref name="answer"/>, and <c>DELETE</c>
    /// of a referral (revoke: no answer).
    /// </summary>
    public async Task<TransitionJson> RespondAsync(CurrentUser actor, string type, RecordType recordType, string id, string transitionId, TransitionAnswer? answer,
        CancellationToken ct)
    {
        var record = await RecordAccess.FindReadableAsync(db, actor, recordType.Name, id, ct, track: true);
        var t = (Guid.TryParse(transitionId, out var tid)
            ? await db.Set<Transition>().FirstOrDefaultAsync(x => x.Id == tid && x.RecordId == record.Id && x.Type == type, ct)
            : null) ?? throw ApiException.NotFound($"Couldn't find {type} with 'id'={transitionId}");

        if (answer is not null)
        {
            Limit("rejected_reason", answer.RejectedReason);
            Limit("rejection_note", answer.RejectionNote);
        }
        var status = answer is null ? TransitionStatus.Revoked : answer.Status;
        if (status is null || !Answers(type).Contains(status)) throw ApiException.Invalid("status", "transition.errors.status");
        if (!await MayAnswerAsync(actor, t, status, ct)) throw ApiException.Forbidden();
        if (status == t.Status) return await ToWireAsync(actor, t, record, ct);
        if (!TransitionRules.Allows(t.Type, t.Status, status)) throw ApiException.Invalid("status", "transition.errors.status_change");

        var change = changes.Begin(record, actor.UserName, actor.Id);
        var document = change.Document;
        Transition? followUp = null;
        await InTransactionAsync(change, async () =>
        {
            var now = clock.GetUtcNow();
            t.Status = status;
            if (status is TransitionStatus.Accepted or TransitionStatus.Rejected or TransitionStatus.Done) t.RespondedAt = now;
            if (status == TransitionStatus.Rejected) t.RejectedReason = answer?.RejectedReason;
            if (status == TransitionStatus.Done) t.RejectionNote = answer?.RejectionNote;
            if (t.TransitionedToUserId is { } recipientId) await RemoveAlertsAsync(record, t.Type, recipientId, ct);

            if (t.Type == TransitionTypes.Transfer && status == TransitionStatus.Accepted)
                await ChangeOwnerAsync(record, t.TransitionedToUserId!.Value, t.TransitionedTo!, ct);
            else if (t.Type == TransitionTypes.TransferRequest && status == TransitionStatus.Accepted)
                followUp = await TransferBackAsync(actor, t, record, document, now, ct);
            else if (t.Type is TransitionTypes.Referral or TransitionTypes.Transfer)
                await access.SyncAsync(record, [t.TransitionedToUserId], ct);
        }, ct);
        await notifier.NotifyAsync(t, ct);
        if (followUp is not null) await notifier.NotifyAsync(followUp, ct);
        return await ToWireAsync(actor, t, record, ct);
    }

    /// <summary>An accepted transfer request: a transfer from the owner to the requester (primero-domain §5.5).</summary>
    private async Task<Transition> TransferBackAsync(CurrentUser owner, Transition request, RecordEntity record, JsonObject document, DateTimeOffset now,
        CancellationToken ct)
    {
        var requester = (await recipients.EligibleAsync(owner, TransitionTypes.Transfer, record.RecordType, record.ModuleId, null, ct, request.TransitionedBy)).FirstOrDefault()
            ?? throw ApiException.Invalid("transitioned_to", "transition.errors.to_user_can_receive");
        // The individual's consent to this transfer, stated on the request, stands for the record's consent.
        if (!request.ConsentIndividualTransfer && !TransitionRules.HasConsent(TransitionTypes.Transfer, record.ModuleId, document))
            throw ApiException.Invalid("consent", "transition.errors.consent");
        var from = await SnapshotAsync(owner.Id, ct);
        var transfer = NewTransition(TransitionTypes.Transfer, record, owner, from, from, requester, now);
        transfer.Notes = request.Notes;
        transfer.ConsentOverridden = request.ConsentIndividualTransfer;
        transfer.ConsentIndividualTransfer = request.ConsentIndividualTransfer;
        db.Add(transfer);
        await AddAlertAsync(record, TransitionTypes.Transfer, requester.Id, owner.UserName, ct);
        await access.SyncAsync(record, [requester.Id], ct);
        return transfer;
    }

    /// <summary>The longest text each column keeps: longer is a 422 naming the attribute, never a database error.</summary>
    private static readonly Dictionary<string, int> TextLimits = new(StringComparer.Ordinal)
    {
        ["notes"] = 4000, ["rejected_reason"] = 4000, ["rejection_note"] = 4000, ["transitioned_to_remote"] = 500,
        ["transitioned_to_agency"] = 100, ["type_of_export"] = 100, ["service"] = 100, ["service_record_id"] = 100,
    };

    private static void Limit(string key, string? text)
    {
        if (text is not null && text.Length > TextLimits[key]) throw ApiException.Invalid(key, "errors.models.transition.too_long");
    }

    private static void LimitLength(TransitionRequest data)
    {
        Limit("notes", data.Notes);
        Limit("transitioned_to_remote", data.TransitionedToRemote);
        Limit("transitioned_to_agency", data.TransitionedToAgency);
        Limit("type_of_export", data.TypeOfExport);
        Limit("service", data.Service);
        Limit("service_record_id", data.ServiceRecordId);
    }

    /// <summary>The statuses a PATCH (or DELETE) may ask for, by kind.</summary>
    private static string[] Answers(string type) => type switch
    {
        TransitionTypes.Referral => [TransitionStatus.Accepted, TransitionStatus.Rejected, TransitionStatus.Done, TransitionStatus.Revoked],
        TransitionTypes.Transfer => [TransitionStatus.Accepted, TransitionStatus.Rejected, TransitionStatus.Revoked],
        TransitionTypes.TransferRequest => [TransitionStatus.Accepted, TransitionStatus.Rejected],
        _ => [],
    };

    /// <summary>
    /// Who may give this answer. Referrals: the recipient accepts, rejects and completes; the sender, or whoever may
    /// update the record or holds <c>remove_assigned_users</c>, revokes. Transfers: the recipient or a manager of theirs
    /// with <c>accept_or_reject_transfer</c> accepts or rejects; the sender or a holder of <c>transfer</c> revokes.
    /// Transfer requests: the owner asked answers.
    /// </summary>
    private async Task<bool> MayAnswerAsync(CurrentUser actor, Transition t, string status, CancellationToken ct)
    {
        var recipient = t.TransitionedToUserId;
        return (t.Type, status) switch
        {
            (TransitionTypes.Referral, TransitionStatus.Revoked) =>
                actor.Id == t.TransitionedByUserId || actor.Can(t.RecordType, "write") || actor.Can(t.RecordType, "remove_assigned_users"),
            (TransitionTypes.Referral, _) => recipient == actor.Id,
            (TransitionTypes.Transfer, TransitionStatus.Revoked) => actor.Id == t.TransitionedByUserId || (actor.Can(t.RecordType, "transfer") && recipient != actor.Id),
            (TransitionTypes.Transfer, _) => recipient == actor.Id || (recipient is { } r && await ManagesAsync(actor, t, r, ct)),
            (TransitionTypes.TransferRequest, _) => recipient == actor.Id,
            _ => false,
        };
    }

    /// <summary>A manager answering for the recipient of a transfer: <c>accept_or_reject_transfer</c> and the recipient within their scope.</summary>
    private async Task<bool> ManagesAsync(CurrentUser actor, Transition t, int recipientId, CancellationToken ct)
    {
        if (t.Type != TransitionTypes.Transfer || actor.Id == t.TransitionedByUserId || !actor.Can(t.RecordType, "accept_or_reject_transfer")) return false;
        switch (actor.Scope)
        {
            case Scopes.All:
                return true;
            case Scopes.Agency:
                return actor.AgencyId is { } agency && await db.Users.AnyAsync(u => u.Id == recipientId && u.AgencyId == agency, ct);
            case Scopes.Group:
                var groups = actor.GroupIds.ToList();
                return await db.UserGroupMemberships.AnyAsync(m => m.UserId == recipientId && groups.Contains(m.UserGroupId), ct);
            default:
                return false;
        }
    }

    /// <summary>Primero's advisory flag: may this user answer the transition now?</summary>
    public async Task<bool> CanAcceptOrRejectAsync(CurrentUser actor, Transition t, CancellationToken ct) =>
        t.Status == TransitionStatus.InProgress && !t.Remote && t.Type != TransitionTypes.Assign && t.TransitionedToUserId is { } r
        && actor.Id != t.TransitionedByUserId && (r == actor.Id || await ManagesAsync(actor, t, r, ct));

    /// <summary>The transition, and — when the caller can still open it — the record's changed system fields.</summary>
    private async Task<TransitionJson> ToWireAsync(CurrentUser actor, Transition t, RecordEntity record, CancellationToken ct)
    {
        var canRead = await db.Records.AsNoTracking().Where(r => r.Id == record.Id).ReadableAmong(db, actor).AnyAsync(ct);
        var json = TransitionWire.ToJson(t, !canRead, await CanAcceptOrRejectAsync(actor, t, ct));
        return canRead
            ? json with
            {
                Record = new TransitionRecordSummary(record.Id.ToString(), record.RecordState, ApiTime.Format(record.UpdatedAt), record.OwnedBy, record.Status,
                    t.Type == TransitionTypes.Transfer ? t.Status : null),
            }
            : json;
    }

    /// <summary>Makes a user the owner (the record change in progress logs it) and syncs their access.</summary>
    private async Task ChangeOwnerAsync(RecordEntity record, int userId, string userName, CancellationToken ct)
    {
        if (record.OwnedByUserId == userId) return;
        var previous = record.OwnedByUserId;
        await access.ChangeOwnerAsync(record, userId, userName, ct);
        await access.SyncAsync(record, [userId, previous], ct);
    }

    private async Task AddAlertAsync(RecordEntity record, string type, int userId, string actorName, CancellationToken ct)
    {
        if (TransitionRules.AlertOf(type) is not { } alert) return;
        if (await db.Set<Alert>().AnyAsync(a => a.RecordId == record.Id && a.AlertFor == alert.AlertFor && a.UserId == userId, ct)) return;
        db.Add(new Alert
        {
            RecordId = record.Id,
            RecordType = record.RecordType,
            UniqueId = Guid.CreateVersion7(),
            AlertFor = alert.AlertFor,
            Type = alert.AlertFor,
            FormUniqueId = alert.Form,
            UserId = userId,
            Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            CreatedBy = actorName,
        });
        record.AlertCount++;
    }

    private async Task RemoveAlertsAsync(RecordEntity record, string type, int userId, CancellationToken ct)
    {
        if (TransitionRules.AlertOf(type) is not { } alert) return;
        var resolved = await db.Set<Alert>().Where(a => a.RecordId == record.Id && a.AlertFor == alert.AlertFor && a.UserId == userId).ToListAsync(ct);
        db.RemoveRange(resolved);
        record.AlertCount = Math.Max(0, record.AlertCount - resolved.Count);
    }

    /// <summary>A user's agency and group unique ids as they are now, for the transition's snapshots.</summary>
    private async Task<(string? Agency, string Groups)> SnapshotAsync(int userId, CancellationToken ct)
    {
        var agency = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => db.Set<Agencies.Agency>().Where(a => a.Id == u.AgencyId).Select(a => a.UniqueId).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var groups = await db.UserGroupMemberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.UserGroups.AsNoTracking(), m => m.UserGroupId, g => g.Id, (m, g) => g.UniqueId).OrderBy(g => g).ToListAsync(ct);
        return (agency, new JsonArray([.. groups.Select(g => (JsonNode?)g)]).ToJsonString());
    }

    /// <summary>
    /// Runs <paramref name="work"/> and saves in one transaction; a refusal it throws, or a concurrent change of the
    /// record (409), leaves nothing written.
    /// </summary>
    private async Task InTransactionAsync(RecordChange change, Func<Task> work, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await work();
        await changes.StageAsync(change, ct);
        await changes.CommitAsync(ct);
        await tx.CommitAsync(ct);
    }
}
