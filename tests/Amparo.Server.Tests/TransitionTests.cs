using System.Net;
using System.Text.Json.Nodes;
using Amparo.Contracts;
using Amparo.Contracts.Wire;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Transitions;
using Amparo.Server.Platform.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>
/// Assigns, referrals, transfers and transfer requests through HTTP: every allowed and every forbidden status change,
/// who can open the record before and after each, consent, the manager's answer, bulk assign, eligible recipients, and
/// the forms a referred user sees under the referral's authorised role.
/// </summary>
public abstract class TransitionTests(AmparoServer server) : ServerTests(server)
{
    private const string WorkerPermissions = """{"case":["read","create","write","assign","referral","transfer","request_transfer","receive_transfer","receive_referral"]}""";
    private const string ReceiverPermissions = """{"case":["read","write","receive_referral","receive_transfer"]}""";
    private const string AllForms = """{"basic_identity":"rw","registration_details":"rw"}""";
    private const string Consented = """{"name_first":"Amina","consent_for_services":true,"disclosure_other_orgs":true}""";

    private sealed record Person(string Name, HttpClient Client);

    /// <summary>A role of its own (CP module, these permissions and forms), and a user holding it.</summary>
    private async Task<Person> PersonAsync(string permissions, string scope = "self", string forms = AllForms, int? agency = null, int[]? groups = null,
        bool referralAuthorization = false, bool remoteReferral = false)
    {
        var role = await RoleAsync(permissions, scope, forms, referralAuthorization, remoteReferral);
        var (user, password) = await server.CreateUserAsync(scope, agencyId: agency, groupIds: groups, roleUniqueId: role);
        return new Person(user, server.As(user, password));
    }

    private async Task<string> RoleAsync(string permissions, string scope = "self", string forms = AllForms, bool referralAuthorization = false, bool remoteReferral = false)
    {
        var role = "role-tr-" + Guid.NewGuid().ToString("N")[..10];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        await server.ChangeRoleAsync(role, r => (r.ModuleUniqueIds, r.ReferralAuthorization, r.Referral) = ("""["primeromodule-cp"]""", referralAuthorization, remoteReferral));
        return role;
    }

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, string dataJson) =>
        (await (await client.PostAsync(url, Http.Json($$$"""{"data": {{{dataJson}}} }"""))).OkBodyAsync())["data"]!.AsObject();

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, string caseId, string kind, string transitionId, string status) =>
        status == "revoked" && kind == "referrals"
            ? client.DeleteAsync($"/api/v2/cases/{caseId}/{kind}/{transitionId}")
            : client.PatchJsonAsync($"/api/v2/cases/{caseId}/{kind}/{transitionId}", $$$"""{"data":{"status":"{{{status}}}"}}""");

    private static async Task<bool> CanOpenAsync(Person who, string caseId)
    {
        var show = await who.Client.GetAsync($"/api/v2/cases/{caseId}");
        var list = await (await who.Client.GetAsync("/api/v2/cases?per=1000")).OkBodyAsync();
        var listed = list["data"]!.AsArray().Any(r => r!["id"].Str() == caseId);
        Assert.Equal(show.StatusCode == HttpStatusCode.OK, listed);
        Assert.True(show.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, show.StatusCode.ToString());
        return listed;
    }

    private async Task<JsonObject> AsAdminAsync(string caseId) =>
        (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!.AsObject();

    // ---------------------------------------------------------------- assigns

    [Fact]
    public async Task Assign_MakesTheRecipientOwner_AtOnce_AndThePreviousOwnerLosesAccess()
    {
        var sender = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var id = (await sender.Client.CreateCaseAsync(Consented))["id"].Str();
        Assert.False(await CanOpenAsync(recipient, id));

        var assign = await PostOkAsync(sender.Client, $"/api/v2/cases/{id}/assigns", $$$"""{"transitioned_to":"{{{recipient.Name}}}","notes":"Please take over"}""");
        Assert.Equal("Assign", assign["type"].Str());
        Assert.Equal("done", assign["status"].Str());
        Assert.Equal(recipient.Name, assign["transitioned_to"].Str());
        Assert.Equal(sender.Name, assign["transitioned_by"].Str());
        Assert.Equal(sender.Name, assign["record_owned_by"].Str());
        Assert.Equal("Please take over", assign["notes"].Str());
        Assert.False(assign["user_can_accept_or_reject"]!.GetValue<bool>());
        // The sender can no longer open the record, and the answer says so instead of showing it.
        Assert.True(assign["record_access_denied"]!.GetValue<bool>());
        Assert.Null(assign["record"]);

        Assert.True(await CanOpenAsync(recipient, id));
        Assert.False(await CanOpenAsync(sender, id));
        Assert.Equal(recipient.Name, (await AsAdminAsync(id))["owned_by"].Str());
        var history = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        var ownerChange = history.SelectMany(h => h!["record_changes"]!.AsArray()).Select(c => c!["owned_by"]).First(c => c is not null)!;
        Assert.Equal(sender.Name, ownerChange["from"].Str());
        Assert.Equal(recipient.Name, ownerChange["to"].Str());
        var listed = (await (await recipient.Client.GetAsync($"/api/v2/cases/{id}/assigns")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(assign["id"].Str(), Assert.Single(listed)!["id"].Str());
    }

    [Fact]
    public async Task Assign_ToAUserWhoseRoleCannotReadCases_Is422ToUserCanReceive()
    {
        var sender = await PersonAsync(WorkerPermissions);
        var unable = await PersonAsync("""{"user":["read"]}""");
        var id = (await sender.Client.CreateCaseAsync(Consented))["id"].Str();
        var response = await sender.Client.PostAsync($"/api/v2/cases/{id}/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{unable.Name}}}"}}"""));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("transition.errors.to_user_can_receive", error["message"]![0].Str());
        Assert.Equal("transitioned_to", error["detail"].Str());
        Assert.Equal(sender.Name, (await AsAdminAsync(id))["owned_by"].Str());
    }

    [Fact]
    public async Task Assign_WithoutAnAssignPermission_IsForbidden()
    {
        var owner = await PersonAsync("""{"case":["read","create","write"]}""");
        var recipient = await PersonAsync(ReceiverPermissions);
        var id = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        await (await owner.Client.PostAsync($"/api/v2/cases/{id}/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient.Name}}}"}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync("/api/v2/users/assign-to?record_type=case")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AssignWithinAgency_OffersAndAcceptsOnlyUsersOfTheSendersAgency()
    {
        var agency = await server.CreateAgencyAsync();
        var otherAgency = await server.CreateAgencyAsync();
        var sender = await PersonAsync("""{"case":["read","create","write","assign_within_agency"]}""", agency: agency);
        var colleague = await PersonAsync(ReceiverPermissions, agency: agency);
        var stranger = await PersonAsync(ReceiverPermissions, agency: otherAgency);
        var cannotRead = await PersonAsync("""{"user":["read"]}""", agency: agency);

        var offered = (await (await sender.Client.GetAsync("/api/v2/users/assign-to?record_type=case")).OkBodyAsync())["data"]!.AsArray()
            .Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(colleague.Name, offered);
        Assert.DoesNotContain(stranger.Name, offered);
        Assert.DoesNotContain(cannotRead.Name, offered);
        Assert.DoesNotContain(sender.Name, offered);

        var id = (await sender.Client.CreateCaseAsync(Consented))["id"].Str();
        await (await sender.Client.PostAsync($"/api/v2/cases/{id}/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{stranger.Name}}}"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await PostOkAsync(sender.Client, $"/api/v2/cases/{id}/assigns", $$$"""{"transitioned_to":"{{{colleague.Name}}}"}""");
        Assert.Equal(colleague.Name, (await AsAdminAsync(id))["owned_by"].Str());
    }

    [Fact]
    public async Task AssignWithinUserGroup_OffersOnlyUsersWhoShareAGroup()
    {
        var group = await server.CreateGroupAsync();
        var otherGroup = await server.CreateGroupAsync();
        var sender = await PersonAsync("""{"case":["read","create","write","assign_within_user_group"]}""", groups: [group]);
        var teammate = await PersonAsync(ReceiverPermissions, groups: [group, otherGroup]);
        var outsider = await PersonAsync(ReceiverPermissions, groups: [otherGroup]);
        var offered = (await (await sender.Client.GetAsync("/api/v2/users/assign-to")).OkBodyAsync())["data"]!.AsArray()
            .Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(teammate.Name, offered);
        Assert.DoesNotContain(outsider.Name, offered);
    }

    [Fact]
    public async Task BulkAssign_ByFilters_AnswersAtOnceAndAssignsEveryMatchInTheBackground()
    {
        var sender = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var ids = new List<string>();
        var shortIds = new JsonArray();
        for (var i = 0; i < 3; i++)
        {
            var created = await sender.Client.CreateCaseAsync(Consented);
            ids.Add(created["id"].Str());
            shortIds.Add((JsonNode?)created["short_id"].Str());
        }
        var untouched = (await sender.Client.CreateCaseAsync(Consented))["id"].Str();

        var body = new JsonObject { ["data"] = new JsonObject { ["transitioned_to"] = recipient.Name, ["filters"] = new JsonObject { ["short_id"] = shortIds } } };
        var answer = (await (await sender.Client.PostAsync("/api/v2/cases/assigns", Http.Json(body))).OkBodyAsync())["data"]!;
        Assert.Equal(recipient.Name, answer["transitioned_to"].Str());
        Assert.Equal(3, answer["filters"]!["short_id"]!.AsArray().Count);

        for (var attempt = 0; attempt < 100 && !await AllOwnedAsync(); attempt++) await Task.Delay(100);
        Assert.True(await AllOwnedAsync());
        Assert.Equal(sender.Name, (await AsAdminAsync(untouched))["owned_by"].Str());
        foreach (var id in ids) Assert.True(await CanOpenAsync(recipient, id));

        async Task<bool> AllOwnedAsync()
        {
            foreach (var id in ids)
                if ((await AsAdminAsync(id))["owned_by"].Str() != recipient.Name) return false;
            return true;
        }
    }

    [Fact]
    public async Task BulkAssign_MatchingMoreThanOneHundredRecords_Is422AndAssignsNothing()
    {
        var sender = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var marker = "Bulk" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 101; i++) await sender.Client.CreateCaseAsync($$$"""{"name_first":"{{{marker}}}"}""");

        var response = await sender.Client.PostAsync("/api/v2/cases/assigns",
            Http.Json($$$$"""{"data":{"transitioned_to":"{{{{recipient.Name}}}}","filters":{"name_first":"{{{{marker}}}}"}}}"""));
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("case.messages.bulk_assign_limit", error["message"].Str());
        // One bulk assignment allowed after it: the worker takes jobs in order, so once this one is done, anything the
        // refused request had queued would be done too.
        var allowed = await sender.Client.CreateCaseAsync(Consented);
        var body = new JsonObject { ["data"] = new JsonObject { ["transitioned_to"] = recipient.Name, ["filters"] = new JsonObject { ["short_id"] = new JsonArray(allowed["short_id"].Str()) } } };
        await (await sender.Client.PostAsync("/api/v2/cases/assigns", Http.Json(body))).OkBodyAsync();
        for (var attempt = 0; attempt < 100 && (await AsAdminAsync(allowed["id"].Str()))["owned_by"].Str() != recipient.Name; attempt++) await Task.Delay(50);
        var mine = await (await recipient.Client.GetAsync("/api/v2/cases?per=1000")).OkBodyAsync();
        Assert.Equal(1, mine["metadata"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task BulkAssign_WithoutFilters_Is422()
    {
        var sender = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        await (await sender.Client.PostAsync("/api/v2/cases/assigns", Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient.Name}}}"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await sender.Client.PostAsync("/api/v2/cases/assigns", Http.Json($$$$"""{"data":{"transitioned_to":"{{{{recipient.Name}}}}","filters":{}}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    // ---------------------------------------------------------------- state machines

    /// <summary>Path to a starting status (answered by whom the rules say), then the answer under test.</summary>
    public static TheoryData<string, string, string, bool> StatusChanges()
    {
        var data = new TheoryData<string, string, string, bool>();
        var referral = new Dictionary<string, string[]>
        {
            ["in_progress"] = ["accepted", "rejected", "revoked"],
            ["accepted"] = ["done", "revoked"],
            ["rejected"] = [],
            ["done"] = [],
            ["revoked"] = [],
        };
        var transfer = new Dictionary<string, string[]>
        {
            ["in_progress"] = ["accepted", "rejected", "revoked"],
            ["accepted"] = [],
            ["rejected"] = [],
            ["revoked"] = [],
        };
        var request = new Dictionary<string, string[]>
        {
            ["in_progress"] = ["accepted", "rejected"],
            ["accepted"] = [],
            ["rejected"] = [],
        };
        foreach (var (kind, machine, answers) in new[]
                 {
                     ("referrals", referral, new[] { "accepted", "rejected", "done", "revoked" }),
                     ("transfers", transfer, new[] { "accepted", "rejected", "revoked" }),
                     ("transfer_requests", request, new[] { "accepted", "rejected" }),
                 })
        {
            foreach (var (from, allowed) in machine)
                foreach (var to in answers)
                    data.Add(kind, from, to, allowed.Contains(to));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StatusChanges))]
    public async Task StatusChange_IsAllowedOnlyAlongTheStateMachine_AndRepeatingTheCurrentStatusChangesNothing(string kind, string from, string to, bool allowed)
    {
        var (owner, other, caseId, transitionId) = await StartAsync(kind);
        // Who answers: the sender revokes; for requests the owner (asked) answers; otherwise the recipient.
        Person Actor(string status) => kind == "transfer_requests" || status == "revoked" ? owner : other;

        var path = from switch
        {
            "in_progress" => Array.Empty<string>(),
            "done" => ["accepted", "done"],
            _ => [from],
        };
        foreach (var step in path) await (await AnswerAsync(Actor(step).Client, caseId, kind, transitionId, step)).OkBodyAsync();

        // A recipient whose transition ended (or a sender whose case was transferred away) no longer opens the record:
        // they are refused before any rule of the state machine is consulted.
        var actorCanOpen = await CanOpenAsync(Actor(to), caseId);
        var answer = await AnswerAsync(Actor(to).Client, caseId, kind, transitionId, to);
        var shown = await TransitionAsAdminAsync(caseId, transitionId);
        if (!actorCanOpen)
        {
            Assert.False(allowed);
            await answer.ErrorAsync(HttpStatusCode.Forbidden);
            Assert.Equal(from, shown["status"].Str());
        }
        else if (to == from)
        {
            Assert.Equal(from, (await answer.OkBodyAsync())["data"]!["status"].Str());
            Assert.Equal(from, shown["status"].Str());
        }
        else if (allowed)
        {
            Assert.Equal(to, (await answer.OkBodyAsync())["data"]!["status"].Str());
            Assert.Equal(to, shown["status"].Str());
        }
        else
        {
            var error = await answer.ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("status", error["detail"].Str());
            Assert.Equal(from, shown["status"].Str());
        }
    }

    [Theory]
    [InlineData("referrals")]
    [InlineData("transfers")]
    [InlineData("transfer_requests")]
    public async Task Answer_WithAStatusOutsideTheKindsAnswers_Is422(string kind)
    {
        var (owner, other, caseId, transitionId) = await StartAsync(kind);
        var actor = kind == "transfer_requests" ? owner : other;
        foreach (var status in new[] { "in_progress", "bogus", "" })
            await (await actor.Client.PatchJsonAsync($"/api/v2/cases/{caseId}/{kind}/{transitionId}", $$$"""{"data":{"status":"{{{status}}}"}}"""))
                .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await actor.Client.PatchJsonAsync($"/api/v2/cases/{caseId}/{kind}/{Guid.CreateVersion7()}", """{"data":{"status":"accepted"}}"""))
            .ErrorAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A case of <c>owner</c> with one in-progress transition of the kind; <c>other</c> is the recipient (or the requester).</summary>
    private async Task<(Person Owner, Person Other, string CaseId, string TransitionId)> StartAsync(string kind)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var other = await PersonAsync(kind == "transfer_requests" ? """{"case":["read","request_transfer","search_owned_by_others","receive_transfer"]}""" : ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var created = kind == "transfer_requests"
            ? await PostOkAsync(other.Client, $"/api/v2/cases/{caseId}/transfer_requests", """{"notes":"May I take it?"}""")
            : await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/{kind}", $$$"""{"transitioned_to":"{{{other.Name}}}"}""");
        Assert.Equal("in_progress", created["status"].Str());
        return (owner, other, caseId, created["id"].Str());
    }

    private async Task<JsonNode> TransitionAsAdminAsync(string caseId, string transitionId) =>
        (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}/transitions")).OkBodyAsync())["data"]!.AsArray()
            .Single(t => t!["id"].Str() == transitionId)!;

    // ---------------------------------------------------------------- referrals

    [Fact]
    public async Task Referral_WithTheEmptyServiceRowIdPrimerosClientSends_IsAPlainReferral_WithoutReferralFromService()
    {
        // Primero's referral dialog always sends its hidden service_record_id, empty when no service row is referred.
        var owner = await PersonAsync("""{"case":["read","create","write","referral"]}""");
        var provider = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals",
            $$$"""{"transitioned_to":"{{{provider.Name}}}","service_record_id":"","notes":"Needs care"}""");
        Assert.Null(referral["service_record_id"]);
        // A real service row still needs referral_from_service.
        var refused = await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{provider.Name}}}","service_record_id":"{{{Guid.NewGuid()}}}"}}"""));
        await refused.ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("done")]
    [InlineData("revoked")]
    public async Task Referral_GrantsTheRecipientAccessWhileActive_AndEndingItRemovesIt(string end)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        Assert.False(await CanOpenAsync(provider, caseId));

        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","service":"health","notes":"Needs care"}""");
        Assert.Equal("Referral", referral["type"].Str());
        Assert.False(referral["user_can_accept_or_reject"]!.GetValue<bool>()); // the sender does not answer
        Assert.Equal(owner.Name, referral["record"]!["owned_by"].Str());
        Assert.True(await CanOpenAsync(provider, caseId));
        var seen = (await (await provider.Client.GetAsync($"/api/v2/cases/{caseId}/referrals")).OkBodyAsync())["data"]![0]!;
        Assert.True(seen["user_can_accept_or_reject"]!.GetValue<bool>());

        if (end == "done")
        {
            var accepted = (await (await AnswerAsync(provider.Client, caseId, "referrals", referral["id"].Str(), "accepted")).OkBodyAsync())["data"]!;
            Assert.NotNull(accepted["responded_at"]);
            Assert.True(await CanOpenAsync(provider, caseId));
        }
        var closer = end == "revoked" ? owner : provider;
        var answer = (await (await AnswerAsync(closer.Client, caseId, "referrals", referral["id"].Str(), end)).OkBodyAsync())["data"]!;
        Assert.Equal(end, answer["status"].Str());
        Assert.False(await CanOpenAsync(provider, caseId));
        Assert.True(await CanOpenAsync(owner, caseId));
        Assert.Equal(owner.Name, (await AsAdminAsync(caseId))["owned_by"].Str());
        if (closer == provider) Assert.True(answer["record_access_denied"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("referrals")]
    [InlineData("transfers")]
    public async Task ByIds_EachCaseIsReferredOrTransferredAsAlone_AndRefusalsAreListedWithTheirRecord(string kind)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var first = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var second = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var withoutConsent = (await owner.Client.CreateCaseAsync("""{"name_first":"NoConsent"}"""))["id"].Str();
        var unknown = Guid.CreateVersion7().ToString();

        var body = new JsonObject { ["data"] = new JsonObject { ["ids"] = new JsonArray(first, second, withoutConsent, unknown), ["transitioned_to"] = recipient.Name } };
        var answer = await (await owner.Client.PostAsync($"/api/v2/cases/{kind}", Http.Json(body))).OkBodyAsync();
        Assert.Equal([first, second], answer["data"]!.AsArray().Select(t => t!["record_id"].Str()).Order());
        var errors = answer["errors"]!.AsArray();
        Assert.Equal("consent", errors.Single(e => e!["record_id"].Str() == withoutConsent)!["detail"].Str());
        Assert.Equal(404, errors.Single(e => e!["record_id"].Str() == unknown)!["status"]!.GetValue<int>());
        Assert.True(await CanOpenAsync(recipient, first));
        Assert.True(await CanOpenAsync(recipient, second));
        Assert.False(await CanOpenAsync(recipient, withoutConsent));
    }

    [Fact]
    public async Task CreateMany_WithoutHttp_GivesEveryRecordItsOutcome_InTheOrderAsked()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var consented = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var withoutConsent = (await owner.Client.CreateCaseAsync("""{"name_first":"NoConsent"}"""))["id"].Str();
        var unknown = Guid.CreateVersion7().ToString();

        IReadOnlyList<TransitionService.Outcome> outcomes = [];
        await server.InTenantAsync(null, async (db, services) =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == owner.Name);
            var actor = await CurrentUserLoader.LoadAsync(db, user, null, default);
            outcomes = await services.GetRequiredService<TransitionService>().CreateManyAsync(actor, TransitionTypes.Referral, RecordType.Case,
                new TransitionRequest(TransitionedTo: recipient.Name, Notes: "From the service", Ids: [withoutConsent, consented, unknown, consented]), default);
        });

        Assert.Equal([withoutConsent, consented, unknown], outcomes.Select(o => o.RecordId));
        var refused = outcomes[0].Refusal!;
        Assert.Equal((422, "consent"), (refused.Status, refused.Detail!.GetValue<string>()));
        Assert.Null(outcomes[0].Created);
        var created = outcomes[1].Created!;
        Assert.Equal((consented, "Referral", "in_progress", "From the service"), (created.RecordId, created.Type, created.Status, created.Notes));
        Assert.Equal(owner.Name, created.Record!.OwnedBy);
        Assert.Equal(404, outcomes[2].Refusal!.Status);
        Assert.True(await CanOpenAsync(recipient, consented));
        Assert.False(await CanOpenAsync(recipient, withoutConsent));
    }

    [Fact]
    public async Task CreateMany_WithoutHttp_RefusesNoIdsAndTooMany_BeforeTouchingAnyRecord()
    {
        var owner = await PersonAsync(WorkerPermissions);
        await server.InTenantAsync(null, async (db, services) =>
        {
            var actor = await CurrentUserLoader.LoadAsync(db, await db.Users.AsNoTracking().SingleAsync(u => u.UserName == owner.Name), null, default);
            var transitions = services.GetRequiredService<TransitionService>();
            var none = await Assert.ThrowsAsync<ApiException>(() => transitions.CreateManyAsync(actor, TransitionTypes.Transfer, RecordType.Case, new TransitionRequest(), default));
            Assert.Equal("param is missing or the value is empty: ids", none.Answer.GetValue<string>());
            var many = await Assert.ThrowsAsync<ApiException>(() => transitions.CreateManyAsync(actor, TransitionTypes.Transfer, RecordType.Case,
                new TransitionRequest(TransitionedTo: "x", Ids: [.. Enumerable.Range(0, 101).Select(_ => Guid.CreateVersion7().ToString())]), default));
            Assert.Equal((422, "case.messages.bulk_limit"), (many.Status, many.Answer.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Texts_LongerThanTheirColumns_Are422AndNothingChanges()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var longNote = new string('n', 4001);
        var error = await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient.Name}}}","notes":"{{{longNote}}}"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("notes", error["detail"].Str());
        Assert.False(await CanOpenAsync(recipient, caseId));

        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{recipient.Name}}}"}""");
        await (await recipient.Client.PatchJsonAsync($"/api/v2/cases/{caseId}/transfers/{transfer["id"].Str()}",
            $$$"""{"data":{"status":"rejected","rejected_reason":"{{{longNote}}}"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("in_progress", (await TransitionAsAdminAsync(caseId, transfer["id"].Str()))["status"].Str());
    }

    [Fact]
    public async Task Referral_TwoActiveToTheSameUser_EndingOneKeepsAccessUntilTheOtherEnds()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var first = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","service":"health"}""");
        var second = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","service":"education"}""");
        await (await AnswerAsync(owner.Client, caseId, "referrals", first["id"].Str(), "revoked")).OkBodyAsync();
        Assert.True(await CanOpenAsync(provider, caseId));
        await (await AnswerAsync(provider.Client, caseId, "referrals", second["id"].Str(), "rejected")).OkBodyAsync();
        Assert.False(await CanOpenAsync(provider, caseId));
    }

    [Fact]
    public async Task Referral_AnsweredBySomeoneOtherThanTheRecipient_IsForbidden()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var everyone = await PersonAsync("""{"case":["read","write","receive_referral"]}""", scope: "all");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}"}""");
        foreach (var who in new[] { owner, everyone })
            foreach (var status in new[] { "accepted", "rejected" })
                await (await AnswerAsync(who.Client, caseId, "referrals", referral["id"].Str(), status)).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("in_progress", (await TransitionAsAdminAsync(caseId, referral["id"].Str()))["status"].Str());
    }

    [Fact]
    public async Task Referral_RecipientWithoutReceiveReferralInTheModule_Is422()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var transferOnly = await PersonAsync("""{"case":["read","receive_transfer"]}""");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var error = await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals", Http.Json($$$"""{"data":{"transitioned_to":"{{{transferOnly.Name}}}"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("transitioned_to", error["detail"].Str());

        var offered = (await (await owner.Client.GetAsync("/api/v2/users/refer-to?record_type=case&record_module_id=primeromodule-cp")).OkBodyAsync())["data"]!.AsArray()
            .Select(u => u!["user_name"].Str()).ToList();
        Assert.DoesNotContain(transferOnly.Name, offered);
        var transferTo = (await (await owner.Client.GetAsync("/api/v2/users/transfer-to?record_type=case&record_module_id=primeromodule-cp")).OkBodyAsync())["data"]!.AsArray()
            .Select(u => u!["user_name"].Str()).ToList();
        Assert.Contains(transferOnly.Name, transferTo);
    }

    [Fact]
    public async Task ReferTo_ListsReceiversOfTheModuleAndAgencyFilter()
    {
        var agency = await server.CreateAgencyAsync();
        var owner = await PersonAsync(WorkerPermissions);
        var inAgency = await PersonAsync(ReceiverPermissions, agency: agency);
        var elsewhere = await PersonAsync(ReceiverPermissions);
        var agencyId = (await (await server.AsAdmin().GetAsync($"/api/v2/agencies/{agency}")).OkBodyAsync())["data"]!["unique_id"].Str();

        var all = await NamesAsync(owner, "/api/v2/users/refer-to?record_type=case&record_module_id=primeromodule-cp");
        Assert.Contains(inAgency.Name, all);
        Assert.Contains(elsewhere.Name, all);
        var filtered = await NamesAsync(owner, $"/api/v2/users/refer-to?record_type=case&record_module_id=primeromodule-cp&agency={agencyId}");
        Assert.Equal([inAgency.Name], filtered);
        Assert.Empty(await NamesAsync(owner, "/api/v2/users/refer-to?record_type=case&record_module_id=primeromodule-gbv")
            .ContinueWith(t => t.Result.Where(n => n == inAgency.Name || n == elsewhere.Name).ToList()));
    }

    private static async Task<List<string>> NamesAsync(Person who, string url) =>
        [.. (await (await who.Client.GetAsync(url)).OkBodyAsync())["data"]!.AsArray().Select(u => u!["user_name"].Str())];

    [Fact]
    public async Task Referral_WithAnAuthorisedRole_RecipientReadsAndWritesOnlyThatRolesForms()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var authorised = await RoleAsync("""{"case":["read","change_log"]}""", forms: """{"basic_identity":"r"}""", referralAuthorization: true);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","authorized_role_unique_id":"{{{authorised}}}"}""");

        var shown = (await (await provider.Client.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.Equal("Amina", shown["name_first"].Str());
        Assert.Null(shown["consent_for_services"]); // registration_details is the provider's own form, not the authorised role's
        Assert.Equal("""{"basic_identity":"r"}""", shown["permitted_forms"]!.ToJsonString());
        Assert.Equal(["change_log"], shown["permitted_form_actions"]!.AsArray().Select(a => a.Str()));
        var listed = (await (await provider.Client.GetAsync("/api/v2/cases")).OkBodyAsync())["data"]![0]!;
        Assert.Null(listed["consent_for_services"]);

        await (await provider.Client.PatchJsonAsync($"/api/v2/cases/{caseId}", """{"data":{"name_first":"Changed","consent_limitations":"x"}}""")).OkBodyAsync();
        var stored = await AsAdminAsync(caseId);
        Assert.Equal("Amina", stored["name_first"].Str());
        Assert.Null(stored["consent_limitations"]);

        // The owner keeps their own role's forms, and no referral lists.
        var ownView = (await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.True(ownView["consent_for_services"]!.GetValue<bool>());
        Assert.Null(ownView["permitted_forms"]);
    }

    [Fact]
    public async Task Referral_WithAnAuthorisedRole_ListFiltersAndSortsCannotRevealAnswersThatRoleHides()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var authorised = await RoleAsync("""{"case":["read"]}""", forms: """{"basic_identity":"r"}""", referralAuthorization: true);
        var created = await owner.Client.CreateCaseAsync(Consented);
        await PostOkAsync(owner.Client, $"/api/v2/cases/{created["id"].Str()}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","authorized_role_unique_id":"{{{authorised}}}"}""");

        // The provider's own role reads registration_details, but on this record they work under the authorised role.
        var url = $"/api/v2/cases?short_id={created["short_id"].Str()}&consent_for_services=true";
        Assert.Equal(0, (await (await provider.Client.GetAsync(url)).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(1, (await (await owner.Client.GetAsync(url)).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(1, (await (await provider.Client.GetAsync($"/api/v2/cases?short_id={created["short_id"].Str()}&order_by=consent_for_services")).OkBodyAsync())
            ["metadata"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Referral_WithoutAnAuthorisedRole_RecipientWorksUnderTheirOwnRole()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}"}""");
        var shown = (await (await provider.Client.GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.True(shown["consent_for_services"]!.GetValue<bool>());
        await (await provider.Client.PatchJsonAsync($"/api/v2/cases/{caseId}", """{"data":{"name_last":"Noted"}}""")).OkBodyAsync();
        Assert.Equal("Noted", (await AsAdminAsync(caseId))["name_last"].Str());
    }

    [Fact]
    public async Task ReferralFromService_NeedsAnExistingServiceRow_AndReferralFromServiceIsNoPlainReferral()
    {
        var owner = await PersonAsync("""{"case":["read","create","write","referral_from_service"]}""",
            forms: """{"basic_identity":"rw","registration_details":"rw","services":"rw"}""");
        var provider = await PersonAsync(ReceiverPermissions);
        var row = Guid.NewGuid().ToString();
        var created = await owner.Client.CreateCaseAsync(
            $$$"""{"name_first":"Amina","consent_for_services":true,"disclosure_other_orgs":true,"services_section":[{"unique_id":"{{{row}}}","service_type":"health_medical_service"}]}""");
        var caseId = created["id"].Str();

        await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals", Http.Json($$$"""{"data":{"transitioned_to":"{{{provider.Name}}}"}}""")))
            .ErrorAsync(HttpStatusCode.Forbidden);
        var error = await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{provider.Name}}}","service_record_id":"no-such-row"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("service_record_id", error["detail"].Str());
        Assert.False(await CanOpenAsync(provider, caseId));

        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}","service_record_id":"{{{row}}}"}""");
        Assert.Equal(row, referral["service_record_id"].Str());
        Assert.Equal("health_medical_service", referral["service"].Str());
        Assert.True(await CanOpenAsync(provider, caseId));
    }

    [Fact]
    public async Task Referral_NamingARoleNotMarkedForReferralAuthorisation_Is422()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var plain = await RoleAsync("""{"case":["read"]}""", forms: """{"basic_identity":"rw"}""");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var error = await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{provider.Name}}}","authorized_role_unique_id":"{{{plain}}}"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("authorized_role_unique_id", error["detail"].Str());
        Assert.False(await CanOpenAsync(provider, caseId));
    }

    [Fact]
    public async Task Referral_RaisesAnAlertForTheRecipient_RemovedWhenAnswered()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var provider = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{provider.Name}}}"}""");
        var alerts = (await (await provider.Client.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray();
        var alert = Assert.Single(alerts)!;
        Assert.Equal("referral", alert["alert_for"].Str());
        Assert.Equal(1, (await AsAdminAsync(caseId))["alert_count"]!.GetValue<int>());

        await (await AnswerAsync(provider.Client, caseId, "referrals", referral["id"].Str(), "accepted")).OkBodyAsync();
        Assert.Empty((await (await provider.Client.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray());
        Assert.Equal(0, (await AsAdminAsync(caseId))["alert_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReferralList_ForASelfScopedRecipient_ShowsOnlyReferralsToThem()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var first = await PersonAsync(ReceiverPermissions);
        var second = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{first.Name}}}"}""");
        await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{second.Name}}}"}""");
        await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{second.Name}}}"}""");

        var firstSees = (await (await first.Client.GetAsync($"/api/v2/cases/{caseId}/transitions")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal([first.Name, second.Name], firstSees.Select(t => t!["transitioned_to"].Str()).OrderBy(n => n == second.Name));
        Assert.Equal(["Referral", "Transfer"], firstSees.Select(t => t!["type"].Str()).Order());
        var ownerSees = (await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}/transitions?types=Referral")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal(2, ownerSees.Count);
        Assert.All(ownerSees, t => Assert.Equal("Referral", t!["type"].Str()));
        var transfersOnly = (await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}/transitions?types=Transfer,Assign")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal("Transfer", Assert.Single(transfersOnly)!["type"].Str());
    }

    // ---------------------------------------------------------------- consent

    [Theory]
    [InlineData("referrals", """{"name_first":"A"}""", false)]
    [InlineData("referrals", """{"name_first":"A","disclosure_other_orgs":true}""", false)]
    [InlineData("referrals", """{"name_first":"A","consent_for_services":true}""", false)]
    [InlineData("referrals", """{"name_first":"A","consent_for_services":true,"disclosure_other_orgs":true}""", true)]
    [InlineData("transfers", """{"name_first":"A"}""", false)]
    [InlineData("transfers", """{"name_first":"A","consent_for_services":true}""", false)]
    [InlineData("transfers", """{"name_first":"A","disclosure_other_orgs":true}""", true)]
    public async Task Consent_OfTheCpModule_DecidesWhetherAReferralOrTransferMayStart(string kind, string caseJson, bool allowed)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(caseJson))["id"].Str();
        var response = await owner.Client.PostAsync($"/api/v2/cases/{caseId}/{kind}", Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient.Name}}}"}}"""));
        if (allowed)
        {
            Assert.False((await response.OkBodyAsync())["data"]!["consent_overridden"]!.GetValue<bool>());
            return;
        }
        var error = await response.ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("transition.errors.consent", error["message"]![0].Str());
        Assert.Equal("consent", error["detail"].Str());
        Assert.False(await CanOpenAsync(recipient, caseId));
    }

    [Theory]
    [InlineData("referrals")]
    [InlineData("transfers")]
    public async Task Hole_ConsentOverride_WithoutTheConsentOverridePermission_IsForbiddenAndNothingIsCreated(string kind)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync("""{"name_first":"NoConsent"}"""))["id"].Str();
        await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/{kind}",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient.Name}}}","consent_overridden":true}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}/transitions")).OkBodyAsync())["data"]!.AsArray());
        Assert.False(await CanOpenAsync(recipient, caseId));
    }

    [Fact]
    public async Task Hole_ConsentOverride_WithThePermission_StartsTheReferralMarkedOverridden()
    {
        var owner = await PersonAsync("""{"case":["read","create","write","referral","consent_override"]}""");
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync("""{"name_first":"NoConsent"}"""))["id"].Str();
        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{recipient.Name}}}","consent_overridden":true}""");
        Assert.True(referral["consent_overridden"]!.GetValue<bool>());
        Assert.True(await CanOpenAsync(recipient, caseId));
    }

    // ---------------------------------------------------------------- transfers

    [Fact]
    public async Task Transfer_Accepted_MakesTheRecipientOwner_AndTheSenderLosesAccess()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        Assert.False(await CanOpenAsync(recipient, caseId));
        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{recipient.Name}}}"}""");
        Assert.True(await CanOpenAsync(recipient, caseId));
        Assert.True(await CanOpenAsync(owner, caseId));
        Assert.Equal("transfer", Assert.Single((await (await recipient.Client.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray())!["alert_for"].Str());

        var accepted = (await (await AnswerAsync(recipient.Client, caseId, "transfers", transfer["id"].Str(), "accepted")).OkBodyAsync())["data"]!;
        Assert.Equal("accepted", accepted["status"].Str());
        Assert.Equal(recipient.Name, accepted["record"]!["owned_by"].Str());
        Assert.Equal("accepted", accepted["record"]!["transfer_status"].Str());
        Assert.NotNull(accepted["responded_at"]);
        Assert.True(await CanOpenAsync(recipient, caseId));
        Assert.False(await CanOpenAsync(owner, caseId));
        Assert.Empty((await (await recipient.Client.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray());
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("revoked")]
    public async Task Transfer_RejectedOrRevoked_LeavesTheOwnerAndRemovesTheRecipientsAccess(string end)
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{recipient.Name}}}"}""");
        var answer = end == "rejected"
            ? await recipient.Client.PatchJsonAsync($"/api/v2/cases/{caseId}/transfers/{transfer["id"].Str()}", """{"data":{"status":"rejected","rejected_reason":"Not ours"}}""")
            : await AnswerAsync(owner.Client, caseId, "transfers", transfer["id"].Str(), "revoked");
        var body = (await answer.OkBodyAsync())["data"]!;
        if (end == "rejected") Assert.Equal("Not ours", body["rejected_reason"].Str());
        Assert.Equal(owner.Name, (await AsAdminAsync(caseId))["owned_by"].Str());
        Assert.False(await CanOpenAsync(recipient, caseId));
        Assert.True(await CanOpenAsync(owner, caseId));
    }

    [Fact]
    public async Task Hole_TransferAccept_BySomeoneWhoCanReadTheCaseButIsNotTheRecipient_IsForbidden()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions);
        var reader = await PersonAsync("""{"case":["read","write","receive_transfer"]}""", scope: "all");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{recipient.Name}}}"}""");
        Assert.False((await (await reader.Client.GetAsync($"/api/v2/cases/{caseId}/transfers")).OkBodyAsync())["data"]![0]!["user_can_accept_or_reject"]!.GetValue<bool>());
        foreach (var who in new[] { reader, owner })
            foreach (var status in new[] { "accepted", "rejected" })
                await (await AnswerAsync(who.Client, caseId, "transfers", transfer["id"].Str(), status)).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(owner.Name, (await AsAdminAsync(caseId))["owned_by"].Str());
        Assert.Equal("in_progress", (await TransitionAsAdminAsync(caseId, transfer["id"].Str()))["status"].Str());
    }

    [Fact]
    public async Task Hole_TransferAccept_ByAManagerOfTheRecipientWithAcceptOrRejectTransfer_MakesTheRecipientOwner()
    {
        var team = await server.CreateGroupAsync();
        var otherTeam = await server.CreateGroupAsync();
        var owner = await PersonAsync(WorkerPermissions);
        var recipient = await PersonAsync(ReceiverPermissions, groups: [team]);
        var manager = await PersonAsync("""{"case":["read","accept_or_reject_transfer"]}""", scope: "group", groups: [team]);
        var withoutPermission = await PersonAsync("""{"case":["read"]}""", scope: "group", groups: [team]);
        var otherManager = await PersonAsync("""{"case":["read","accept_or_reject_transfer"]}""", scope: "group", groups: [otherTeam]);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers", $$$"""{"transitioned_to":"{{{recipient.Name}}}"}""");
        var transferId = transfer["id"].Str();

        await (await AnswerAsync(withoutPermission.Client, caseId, "transfers", transferId, "accepted")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await AnswerAsync(otherManager.Client, caseId, "transfers", transferId, "accepted")).ErrorAsync(HttpStatusCode.Forbidden);
        var listed = (await (await manager.Client.GetAsync($"/api/v2/cases/{caseId}/transfers")).OkBodyAsync())["data"]![0]!;
        Assert.True(listed["user_can_accept_or_reject"]!.GetValue<bool>());

        var accepted = (await (await AnswerAsync(manager.Client, caseId, "transfers", transferId, "accepted")).OkBodyAsync())["data"]!;
        Assert.Equal("accepted", accepted["status"].Str());
        Assert.Equal(recipient.Name, (await AsAdminAsync(caseId))["owned_by"].Str());
        Assert.True(await CanOpenAsync(recipient, caseId));
    }

    [Fact]
    public async Task RemoteTransfer_SetsTheCaseTransferred_AndGrantsNoAccess()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var remoteRole = await RoleAsync("""{"case":["read"]}""");
        await server.ChangeRoleAsync(remoteRole, r => r.Transfer = true);
        var transfer = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/transfers",
            $$$"""{"remote":true,"transitioned_to_remote":"Partner NGO desk","transitioned_to_agency":"partner-ngo","type_of_export":"pdf","authorized_role_unique_id":"{{{remoteRole}}}"}""");
        Assert.True(transfer["remote"]!.GetValue<bool>());
        Assert.Null(transfer["transitioned_to"]);
        Assert.Equal("Partner NGO desk", transfer["transitioned_to_remote"].Str());
        Assert.False(transfer["user_can_accept_or_reject"]!.GetValue<bool>());
        var stored = await AsAdminAsync(caseId);
        Assert.Equal("transferred", stored["status"].Str());
        Assert.Equal(owner.Name, stored["owned_by"].Str());
        Assert.Empty((await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray());
        await (await owner.Client.PostAsync($"/api/v2/cases/{caseId}/referrals", Http.Json("""{"data":{"remote":true}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task RemoteReferral_HasNoRecipientUser_AndNobodyButTheSenderSideCanAnswerIt()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        var remoteRole = await RoleAsync("""{"case":["read"]}""", remoteReferral: true);
        var referral = await PostOkAsync(owner.Client, $"/api/v2/cases/{caseId}/referrals",
            $$$"""{"remote":true,"transitioned_to_remote":"Clinic","service":"health","authorized_role_unique_id":"{{{remoteRole}}}"}""");
        Assert.Equal("in_progress", referral["status"].Str());
        Assert.Equal("open", (await AsAdminAsync(caseId))["status"].Str());
        await (await AnswerAsync(owner.Client, caseId, "referrals", referral["id"].Str(), "accepted")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await AnswerAsync(owner.Client, caseId, "referrals", referral["id"].Str(), "revoked")).OkBodyAsync();
    }

    // ---------------------------------------------------------------- notifications

    private sealed class RecordingNotifier : Amparo.Server.Features.Transitions.ITransitionNotifier
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Type, string Status, string? To)> Told { get; } = new();

        public Task NotifyAsync(Amparo.Server.Features.Transitions.Transition transition, CancellationToken ct)
        {
            Told.Enqueue((transition.Type, transition.Status, transition.TransitionedTo));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Notifier_IsToldOfEveryTransitionCreatedAndAnswered_AndNotOfRefusedOnes()
    {
        var notifier = new RecordingNotifier();
        await using var host = server.WithWebHostBuilder(b => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(b,
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Amparo.Server.Features.Transitions.ITransitionNotifier>(services, notifier)));
        HttpClient Client(string user, string password)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
            return client;
        }
        var ownerRole = await RoleAsync(WorkerPermissions);
        var receiverRole = await RoleAsync(ReceiverPermissions);
        var (ownerName, ownerPassword) = await server.CreateUserAsync("self", roleUniqueId: ownerRole);
        var (providerName, providerPassword) = await server.CreateUserAsync("self", roleUniqueId: receiverRole);
        var owner = Client(ownerName, ownerPassword);
        var provider = Client(providerName, providerPassword);

        var caseId = (await owner.CreateCaseAsync(Consented))["id"].Str();
        var referral = await PostOkAsync(owner, $"/api/v2/cases/{caseId}/referrals", $$$"""{"transitioned_to":"{{{providerName}}}"}""");
        await (await AnswerAsync(provider, caseId, "referrals", referral["id"].Str(), "accepted")).OkBodyAsync();
        await (await AnswerAsync(provider, caseId, "referrals", referral["id"].Str(), "accepted")).OkBodyAsync(); // no-op: not told
        await (await AnswerAsync(owner, caseId, "referrals", referral["id"].Str(), "accepted")).ErrorAsync(HttpStatusCode.Forbidden);
        await PostOkAsync(owner, $"/api/v2/cases/{caseId}/assigns", $$$"""{"transitioned_to":"{{{providerName}}}"}""");

        Assert.Equal([("Referral", "in_progress", providerName), ("Referral", "accepted", providerName), ("Assign", "done", providerName)], notifier.Told);
    }

    // ---------------------------------------------------------------- transfer requests

    [Fact]
    public async Task TransferRequest_AcceptedByTheOwner_CreatesATransferBackToTheRequester()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var requester = await PersonAsync("""{"case":["read","request_transfer","search_owned_by_others","receive_transfer"]}""");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        Assert.False(await CanOpenAsync(requester, caseId));

        var request = await PostOkAsync(requester.Client, $"/api/v2/cases/{caseId}/transfer_requests", """{"notes":"I know the family"}""");
        Assert.Equal("TransferRequest", request["type"].Str());
        Assert.Equal(owner.Name, request["transitioned_to"].Str());
        Assert.True(request["record_access_denied"]!.GetValue<bool>());
        Assert.Null(request["record"]);
        Assert.False(await CanOpenAsync(requester, caseId)); // asking grants nothing
        Assert.Equal("transfer_request", Assert.Single((await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}/alerts")).OkBodyAsync())["data"]!.AsArray())!["alert_for"].Str());
        Assert.True((await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}/transfer_requests")).OkBodyAsync())["data"]![0]!["user_can_accept_or_reject"]!.GetValue<bool>());

        await (await AnswerAsync(owner.Client, caseId, "transfer_requests", request["id"].Str(), "accepted")).OkBodyAsync();
        var transfer = Assert.Single((await (await owner.Client.GetAsync($"/api/v2/cases/{caseId}/transfers")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal(requester.Name, transfer["transitioned_to"].Str());
        Assert.Equal("in_progress", transfer["status"].Str());
        Assert.True(await CanOpenAsync(requester, caseId));

        await (await AnswerAsync(requester.Client, caseId, "transfers", transfer["id"].Str(), "accepted")).OkBodyAsync();
        Assert.Equal(requester.Name, (await AsAdminAsync(caseId))["owned_by"].Str());
        Assert.False(await CanOpenAsync(owner, caseId));
    }

    [Fact]
    public async Task TransferRequest_WithoutSearchBeyondScope_ForACaseTheUserCannotRead_IsForbidden()
    {
        var owner = await PersonAsync(WorkerPermissions);
        var requester = await PersonAsync("""{"case":["read","request_transfer","receive_transfer"]}""");
        var caseId = (await owner.Client.CreateCaseAsync(Consented))["id"].Str();
        await (await requester.Client.PostAsync($"/api/v2/cases/{caseId}/transfer_requests", Http.Json("""{"data":{}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        var noPermission = await PersonAsync("""{"case":["read","search_owned_by_others"]}""");
        await (await noPermission.Client.PostAsync($"/api/v2/cases/{caseId}/transfer_requests", Http.Json("""{"data":{}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class TransitionTests_Sqlite(SqliteServer server) : TransitionTests(server), IClassFixture<SqliteServer>;

public sealed class TransitionTests_Postgres(PostgresServer server) : TransitionTests(server), IClassFixture<PostgresServer>;
