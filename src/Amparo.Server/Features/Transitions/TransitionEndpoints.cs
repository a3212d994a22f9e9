using Amparo.Contracts.Wire;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Transitions;

/// <summary>
/// Transitions of the API (contract §2.6): assigns of cases, incidents and families (one, or up to 100 by filters in the
/// background); referrals, transfers and transfer requests of cases; the lists of a record's transitions; and the
/// eligible recipients (<c>/users/assign-to|refer-to|transfer-to</c>, §2.11).
/// </summary>
internal static class TransitionEndpoints
{
    private static readonly Dictionary<string, string> Paths = new(StringComparer.Ordinal)
    {
        ["assigns"] = TransitionTypes.Assign,
        ["referrals"] = TransitionTypes.Referral,
        ["transfers"] = TransitionTypes.Transfer,
        ["transfer_requests"] = TransitionTypes.TransferRequest,
    };

    private static readonly string[] ReferralActions = ["referral", "receive_referral", "referral_from_service", "receive_referral_different_module", "remove_assigned_users"];
    private static readonly string[] ReferralCreateActions = ["referral", "referral_from_service"];

    public static IEndpointRouteBuilder MapTransitionEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in new[] { RecordType.Case, RecordType.Incident, RecordType.Family })
        {
            var name = type.Name;
            var group = api.MapGroup("/" + type.Path).WithTags(type.Path);
            // The assign actions Primero's catalogue has for this type (the "within agency/group" ones exist for cases only).
            var assignActions = TransitionRecipients.AssignActions.Where(a => Roles.PermissionCatalog.IsKnown(name, a)).ToArray();
            group.MapGet("/{id}/assigns", (HttpContext http, AmparoDbContext db, TransitionService service, string id) =>
                ListAsync(http, db, service, type, id, [TransitionTypes.Assign])).RequirePermission(name, "read").WithSummary("Assignment history.");
            group.MapPost("/{id}/assigns", (HttpContext http, TransitionService service, string id) => CreateAsync(http, service, TransitionTypes.Assign, type, id))
                .AcceptsData<TransitionRequest>().RequireAnyPermission(name, assignActions).WithSummary("Assign the record to another user (done at once).");
            group.MapPost("/assigns", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, TransitionRecipients recipients, BulkAssignQueue queue,
                    TenantContext tenant) => BulkAssign.HandleAsync(http, db, permissions, recipients, queue, tenant, type))
                .RequireAnyPermission(name, assignActions).WithSummary("Assign up to 100 records matched by filters, in the background.");
        }

        var cases = api.MapGroup("/" + RecordType.Case.Path).WithTags(RecordType.Case.Path);
        foreach (var (path, kind) in Paths.Where(p => p.Value != TransitionTypes.Assign))
        {
            cases.MapGet($"/{{id}}/{path}", (HttpContext http, AmparoDbContext db, TransitionService service, string id) =>
                ListAsync(http, db, service, RecordType.Case, id, [kind])).RequirePermission("case", "read");
            var create = cases.MapPost($"/{{id}}/{path}", (HttpContext http, TransitionService service, string id) => CreateAsync(http, service, kind, RecordType.Case, id))
                .AcceptsData<TransitionRequest>();
            // Referrals: referral, or referral_from_service for a service row; the handler tells which from the body.
            if (kind == TransitionTypes.Referral) create.RequireAnyPermission("case", ReferralCreateActions);
            else create.RequirePermission("case", kind == TransitionTypes.Transfer ? "transfer" : "request_transfer");
            if (kind != TransitionTypes.TransferRequest)
            {
                var many = cases.MapPost($"/{path}", (HttpContext http, TransitionService service) => CreateManyAsync(http, service, kind))
                    .AcceptsData<TransitionRequest>().WithSummary($"{kind} of up to 100 cases by ids: {{data: [transitions], errors?}}.");
                if (kind == TransitionTypes.Referral) many.RequireAnyPermission("case", ReferralCreateActions);
                else many.RequirePermission("case", "transfer");
            }
            cases.MapPatch($"/{{id}}/{path}/{{transitionId}}", async (HttpContext http, TransitionService service, RequestAuditScope audit, string id, string transitionId) =>
                {
                    var answer = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.TransitionAnswer);
                    audit.Action = AnswerAction(kind, answer.Status) ?? audit.Action;
                    return Data(await service.RespondAsync(CurrentUser.From(http), kind, RecordType.Case, id, transitionId, answer, http.RequestAborted));
                })
                .AcceptsData<TransitionAnswer>().RequirePermission("case", "read");
        }
        cases.MapDelete("/{id}/referrals/{transitionId}", async (HttpContext http, TransitionService service, RequestAuditScope audit, string id, string transitionId) =>
            {
                audit.Action = AnswerAction(TransitionTypes.Referral, TransitionStatus.Revoked) ?? audit.Action;
                return Data(await service.RespondAsync(CurrentUser.From(http), TransitionTypes.Referral, RecordType.Case, id, transitionId, answer: null, http.RequestAborted));
            })
            .ProducesErrors().RequirePermission("case", "read")
            .WithSummary("Revoke a referral.");

        foreach (var type in new[] { RecordType.Case, RecordType.Incident })
        {
            api.MapGet($"/{type.Path}/{{id}}/transitions", (HttpContext http, AmparoDbContext db, TransitionService service, string id) =>
            {
                var asked = http.Request.Query["types"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var types = asked.Length == 0 ? TransitionTypes.All : [.. TransitionTypes.All.Where(asked.Contains)];
                return ListAsync(http, db, service, type, id, types);
            }).RequirePermission(type.Name, "read").WithTags(type.Path).WithSummary("The record's transitions the caller may see; types=Assign,Referral,...");
        }

        const string eligible = "lists only users the caller's own transition permissions on record_type let them choose (none without one)";
        api.MapGet("/users/assign-to", (HttpContext http, TransitionRecipients recipients) => EligibleAsync(http, recipients, TransitionTypes.Assign)).WithTags("Users")
            .PermissionDecidedByHandler(eligible);
        api.MapGet("/users/refer-to", (HttpContext http, TransitionRecipients recipients) => EligibleAsync(http, recipients, TransitionTypes.Referral)).WithTags("Users")
            .PermissionDecidedByHandler(eligible);
        api.MapGet("/users/transfer-to", (HttpContext http, TransitionRecipients recipients) => EligibleAsync(http, recipients, TransitionTypes.Transfer)).WithTags("Users")
            .PermissionDecidedByHandler(eligible);
        return api;
    }

    private static Ok<DataEnvelope<TransitionJson>> Data(TransitionJson transition) => TypedResults.Ok(new DataEnvelope<TransitionJson>(transition));

    private static async Task<Ok<DataEnvelope<TransitionJson>>> CreateAsync(HttpContext http, TransitionService service, string kind, RecordType type, string id) =>
        Data(await service.CreateAsync(CurrentUser.From(http), kind, type, id, await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.TransitionRequest),
            http.RequestAborted));

    /// <summary>The bulk referral or transfer: the transitions made, and each refused record's error with its <c>record_id</c>.</summary>
    private static async Task<Ok<BulkTransitionResponse>> CreateManyAsync(HttpContext http, TransitionService service, string kind)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data", WireJson.Default.TransitionRequest);
        var outcomes = await service.CreateManyAsync(CurrentUser.From(http), kind, RecordType.Case, data, http.RequestAborted);
        var refused = outcomes.Where(o => o.Refusal is not null)
            .Select(o => ApiErrors.Item(http, o.Refusal!) with { RecordId = o.RecordId })
            .ToList();
        return TypedResults.Ok(new BulkTransitionResponse([.. outcomes.Select(o => o.Created).OfType<TransitionJson>()], refused.Count > 0 ? refused : null));
    }

    /// <summary>
    /// A record's transitions, newest first. Assigns, transfers and transfer requests go with read access; referrals are
    /// scoped as primero-domain §3.5 says: everything for the owner and scope <c>all</c>; one's own (to or by the user)
    /// for scope <c>self</c>; for group and agency scope, with a referral permission, also those whose sender or
    /// recipient shares the user's group or agency, and without one only active referrals to the user.
    /// </summary>
    private static async Task<Ok<DataEnvelope<IReadOnlyList<TransitionJson>>>> ListAsync(HttpContext http, AmparoDbContext db, TransitionService service, RecordType type, string id, string[] types)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id);
        var actor = CurrentUser.From(http);
        var ct = http.RequestAborted;
        var rows = await db.Set<Transition>().AsNoTracking().Where(t => t.RecordId == record!.Id && types.Contains(t.Type))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync(ct);
        var myGroups = await db.UserGroups.AsNoTracking().Where(g => actor.GroupIds.Contains(g.Id)).Select(g => g.UniqueId).ToListAsync(ct);
        var myAgency = actor.AgencyId is { } a ? await db.Agencies.AsNoTracking().Where(x => x.Id == a).Select(x => x.UniqueId).FirstOrDefaultAsync(ct) : null;
        var referralPermission = ReferralActions.Any(p => actor.Can(type.Name, p));

        bool Visible(Transition t)
        {
            if (t.Type != TransitionTypes.Referral || actor.Scope == Scopes.All || record!.OwnedByUserId == actor.Id) return true;
            var own = t.TransitionedToUserId == actor.Id || t.TransitionedByUserId == actor.Id;
            var active = t.Status is TransitionStatus.InProgress or TransitionStatus.Accepted;
            switch (actor.Scope)
            {
                case Scopes.Group when referralPermission:
                    return own || Strings(t.TransitionedToUserGroups).Concat(Strings(t.TransitionedByUserGroups)).Any(myGroups.Contains);
                case Scopes.Agency when referralPermission:
                    return own || (myAgency is not null && (t.TransitionedToUserAgency == myAgency || t.TransitionedByUserAgency == myAgency));
                case Scopes.Group or Scopes.Agency:
                    return t.TransitionedToUserId == actor.Id && active;
                default:
                    return own;
            }
        }

        var data = new List<TransitionJson>();
        foreach (var t in rows.Where(Visible))
            data.Add(TransitionWire.ToJson(t, recordAccessDenied: false, await service.CanAcceptOrRejectAsync(actor, t, ct)));
        return TypedResults.Ok(new DataEnvelope<IReadOnlyList<TransitionJson>>(data));
    }

    private static string[] Strings(string json) => Forms.FormCatalog.Strings(json);

    /// <summary>
    /// <c>GET /users/assign-to|refer-to|transfer-to</c>: the users who may receive, with <c>record_type</c>,
    /// <c>record_module_id</c> and <c>agency</c> filters. Users carry no services or locations in Amparo yet, so the
    /// <c>service</c> and <c>location</c> filters have nothing to match on and are not applied.
    /// </summary>
    private static async Task<Ok<DataEnvelope<IReadOnlyList<TransitionRecipient>>>> EligibleAsync(HttpContext http, TransitionRecipients recipients, string kind)
    {
        var actor = CurrentUser.From(http);
        var q = http.Request.Query;
        var recordTypeName = q["record_type"].ToString() is { Length: > 0 } rt ? rt : RecordType.Case.Name;
        var recordType = RecordType.All.FirstOrDefault(t => t.Name == recordTypeName) ?? throw ApiException.Invalid("record_type", "errors.models.record_type");
        var allowed = kind switch
        {
            TransitionTypes.Assign => TransitionRecipients.MayAssign(actor, recordType.Name),
            TransitionTypes.Referral => actor.Can(recordType.Name, "referral") || actor.Can(recordType.Name, "referral_from_service"),
            _ => actor.Can(recordType.Name, "transfer"),
        };
        if (!allowed) throw ApiException.Forbidden();
        var module = q["record_module_id"].ToString() is { Length: > 0 } m ? m : null;
        var agency = kind == TransitionTypes.Assign ? null : q["agency"].ToString() is { Length: > 0 } ag ? ag : null;
        var users = await recipients.EligibleAsync(actor, kind, recordType.Name, module, agency, http.RequestAborted);
        return TypedResults.Ok(new DataEnvelope<IReadOnlyList<TransitionRecipient>>(
            [.. users.Select(u => new TransitionRecipient(u.Id, u.UserName, u.FullName, Disabled: false, u.AgencyUniqueId))]));
    }

    /// <summary>Primero's audit action for an answer to a transition: refer_accepted, refer_revoke, transfer_rejected...</summary>
    private static string? AnswerAction(string type, string? status) => (type, status) switch
    {
        (_, null) => null,
        _ when !TransitionStatus.All.Contains(status) => null,
        (TransitionTypes.Referral, TransitionStatus.Revoked) => "refer_revoke",
        (TransitionTypes.Referral, _) => "refer_" + status,
        (TransitionTypes.Transfer, _) => "transfer_" + status,
        _ => null,
    };
}
