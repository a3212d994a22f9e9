using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// Approvals as a state machine: a request makes the approval pending (once), only a pending request can be approved
/// or rejected, deciding on one's own case needs self_approve; alerts and history follow every change.
/// </summary>
public abstract class ApprovalTests(AmparoServer server) : ServerTests(server)
{
    private static readonly string[] Ids = ["assessment", "case_plan", "closure", "action_plan", "gbv_closure"];
    private static string RequestAll => string.Join(",", Ids.Select(i => $"\"request_approval_{i}\""));
    private static string ApproveAll => string.Join(",", Ids.Select(i => $"\"approve_{i}\""));

    internal async Task<(HttpClient Client, string UserName)> UserAsync(string permissions, string scope = "all", IEnumerable<int>? groups = null, bool manager = false)
    {
        var role = "role-approval-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, scope, permissions);
        if (manager)
            await server.InTenantAsync(null, async (db, _) =>
            {
                (await db.Roles.SingleAsync(r => r.UniqueId == role)).IsManager = true;
                await db.SaveChangesAsync();
            });
        var (user, password) = await server.CreateUserAsync(scope, groupIds: groups, roleUniqueId: role);
        return (server.As(user, password), user);
    }

    private Task<(HttpClient Client, string UserName)> CaseworkerAsync(string extra = "") =>
        UserAsync($$"""{"case":["read","create","write","change_log",{{RequestAll}}{{extra}}]}""", "self");

    private Task<(HttpClient Client, string UserName)> SupervisorAsync(string extra = "") =>
        UserAsync($$"""{"case":["read","change_log",{{ApproveAll}}{{extra}}]}""");

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string caseId, string approvalId, string status, string? notes = null) =>
        client.PatchJsonAsync($"/api/v2/cases/{caseId}/approvals/{approvalId}",
            new JsonObject { ["data"] = new JsonObject { ["approval_status"] = status, ["notes"] = notes } }.ToJsonString());

    private static async Task<JsonObject> RecordAsync(HttpResponseMessage response) => (await response.OkBodyAsync())["data"]!["record"]!.AsObject();

    private static async Task<JsonObject> ShowAsync(HttpClient client, string id) => (await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!.AsObject();

    /// <summary>Every state an approval can be in, times every decision, for every approval id: what each one does.</summary>
    public static TheoryData<string, string, string, HttpStatusCode, string?> StateChanges()
    {
        var table = new (string From, string Action, HttpStatusCode Status, string? To)[]
        {
            ("none", "requested", HttpStatusCode.OK, "pending"),
            ("none", "approved", HttpStatusCode.UnprocessableEntity, null),
            ("none", "rejected", HttpStatusCode.UnprocessableEntity, null),
            ("pending", "requested", HttpStatusCode.OK, "pending"),
            ("pending", "approved", HttpStatusCode.OK, "approved"),
            ("pending", "rejected", HttpStatusCode.OK, "rejected"),
            ("approved", "requested", HttpStatusCode.OK, "pending"),
            ("approved", "approved", HttpStatusCode.UnprocessableEntity, "approved"),
            ("approved", "rejected", HttpStatusCode.UnprocessableEntity, "approved"),
            ("rejected", "requested", HttpStatusCode.OK, "pending"),
            ("rejected", "approved", HttpStatusCode.UnprocessableEntity, "rejected"),
            ("rejected", "rejected", HttpStatusCode.UnprocessableEntity, "rejected"),
        };
        var data = new TheoryData<string, string, string, HttpStatusCode, string?>();
        foreach (var id in Ids)
            foreach (var (from, action, status, to) in table)
                data.Add(id, from, action, status, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(StateChanges))]
    public async Task Hole_Approvals_FollowAStateMachine_NoDecisionWithoutAPendingRequest(string approvalId, string from, string action, HttpStatusCode expected, string? after)
    {
        var (owner, _) = await CaseworkerAsync();
        var (supervisor, _) = await SupervisorAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Amal"}"""))["id"].Str();
        if (from != "none") await RecordAsync(await DecideAsync(owner, id, approvalId, "requested"));
        if (from is "approved" or "rejected") await RecordAsync(await DecideAsync(supervisor, id, approvalId, from));
        var rowsBefore = (await ShowAsync(owner, id))["approval_subforms"]?.AsArray().Count ?? 0;

        var response = await DecideAsync(action == "requested" ? owner : supervisor, id, approvalId, action, "ok");

        var shown = await ShowAsync(owner, id);
        if (expected == HttpStatusCode.OK)
        {
            var record = await RecordAsync(response);
            Assert.Equal(after, record[$"approval_status_{approvalId}"].Str());
            // Re-requesting a pending approval changes nothing; every other accepted change adds one row.
            var expectedRows = from == "pending" && action == "requested" ? rowsBefore : rowsBefore + 1;
            Assert.Equal(expectedRows, record["approval_subforms"]!.AsArray().Count);
        }
        else
        {
            var error = await response.ErrorAsync(expected);
            Assert.Equal("approval_status", error["detail"].Str());
            Assert.Equal(rowsBefore, shown["approval_subforms"]?.AsArray().Count ?? 0);
        }
        Assert.Equal(after, shown[$"approval_status_{approvalId}"]?.GetValue<string>());
        Assert.Equal("open", shown["status"].Str());
    }

    [Fact]
    public async Task Request_RecordsTheRequestRow_RaisesOneApprovalAlert_AndWritesHistory()
    {
        var (owner, ownerName) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Bushra"}"""))["id"].Str();

        var record = await RecordAsync(await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan",
            """{"data":{"approval_status":"requested","approval_type":"case_plan"}}"""));
        Assert.Equal(id, record["id"].Str());
        Assert.True(record["enabled"]!.GetValue<bool>());
        Assert.NotNull(record["last_updated_at"]);
        var row = Assert.Single(record["approval_subforms"]!.AsArray())!;
        Assert.Equal("case_plan", row["approval_requested_for"].Str());
        Assert.Equal(ownerName, row["requested_by"].Str());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row["approval_date"].Str());
        Assert.Equal("requested", row["approval_status"].Str());
        Assert.Equal("case_plan", row["approval_for_type"].Str());
        Assert.False(string.IsNullOrEmpty(row["unique_id"].Str()));

        var alert = Assert.Single((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray())!;
        Assert.Equal("approval", alert["alert_for"].Str());
        Assert.Equal("case_plan", alert["type"].Str());
        Assert.Equal(1, (await ShowAsync(owner, id))["alert_count"]!.GetValue<int>());

        // A second request while pending: no second row, alert or history entry.
        await RecordAsync(await DecideAsync(owner, id, "case_plan", "requested"));
        Assert.Single((await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray());
        var history = (await (await owner.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        var entry = Assert.Single(history, h => h!["action"].Str() == "update")!;
        Assert.Equal(ownerName, entry["user_name"].Str());
        var change = entry["record_changes"]!.AsArray().Select(c => c!.AsObject()).Single(c => c.ContainsKey("approval_status_case_plan"));
        Assert.Null(change["approval_status_case_plan"]!["from"]);
        Assert.Equal("pending", change["approval_status_case_plan"]!["to"].Str());

        // Assessment approvals carry no sub-type.
        var assessment = await RecordAsync(await DecideAsync(owner, id, "assessment", "requested"));
        Assert.Null(assessment["approval_subforms"]!.AsArray().Last()!["approval_for_type"]);
    }

    [Fact]
    public async Task Approve_SetsTheOutcomeDateAndComments_AppendsTheResponseRow_ClearsTheAlerts_AndWritesHistory()
    {
        var (owner, _) = await CaseworkerAsync();
        var (supervisor, supervisorName) = await SupervisorAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Dalia"}"""))["id"].Str();
        await RecordAsync(await DecideAsync(owner, id, "case_plan", "requested"));
        await RecordAsync(await DecideAsync(owner, id, "closure", "requested"));
        Assert.Equal(2, (await ShowAsync(owner, id))["alert_count"]!.GetValue<int>());

        var record = await RecordAsync(await DecideAsync(supervisor, id, "case_plan", "approved", "Looks right"));
        Assert.Equal("approved", record["approval_status_case_plan"].Str());
        Assert.True(record["case_plan_approved"]!.GetValue<bool>());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), record["case_plan_approved_date"].Str());
        Assert.Equal("Looks right", record["case_plan_approved_comments"].Str());
        var response = record["approval_subforms"]!.AsArray().Last()!;
        Assert.Equal("case_plan", response["approval_response_for"].Str());
        Assert.Equal("approved", response["approval_status"].Str());
        Assert.Equal(supervisorName, response["approved_by"].Str());
        Assert.Equal("Looks right", response["approval_manager_comments"].Str());

        // Only the decided approval's alert goes.
        var alerts = (await (await owner.GetAsync($"/api/v2/cases/{id}/alerts")).OkBodyAsync())["data"]!.AsArray();
        Assert.Equal("closure", Assert.Single(alerts)!["type"].Str());
        Assert.Equal(1, (await ShowAsync(owner, id))["alert_count"]!.GetValue<int>());

        var rejected = await RecordAsync(await DecideAsync(supervisor, id, "closure", "rejected", "Not yet"));
        Assert.False(rejected["closure_approved"]!.GetValue<bool>());
        Assert.Equal("Not yet", rejected["closure_approved_comments"].Str());
        var shown = await ShowAsync(owner, id);
        Assert.Equal(0, shown["alert_count"]!.GetValue<int>());
        // An approved closure does not close the case: closing is its own action.
        Assert.Equal("open", shown["status"].Str());

        var history = (await (await owner.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        var approval = history.Single(h => h!["user_name"].Str() == supervisorName && h["record_changes"]!.AsArray().Any(c => c!.AsObject().ContainsKey("case_plan_approved")))!;
        var change = approval["record_changes"]!.AsArray().Select(c => c!.AsObject()).Single(c => c.ContainsKey("approval_status_case_plan"));
        Assert.Equal("pending", change["approval_status_case_plan"]!["from"].Str());
        Assert.Equal("approved", change["approval_status_case_plan"]!["to"].Str());
    }

    [Fact]
    public async Task Request_WithoutRequestPermission_IsForbidden_AndDecision_WithoutApprovePermission_IsForbidden()
    {
        var (owner, _) = await UserAsync("""{"case":["read","create","write","request_approval_assessment"]}""", "self");
        var (reader, _) = await UserAsync("""{"case":["read","approve_assessment"]}""");
        var id = (await owner.CreateCaseAsync("""{"name_first":"Eman"}"""))["id"].Str();

        await (await DecideAsync(owner, id, "case_plan", "requested")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(owner, id, "assessment", "requested")).OkBodyAsync();
        await (await DecideAsync(owner, id, "assessment", "approved")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(reader, id, "assessment", "requested")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(reader, id, "closure", "approved")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await ShowAsync(owner, id))["approval_status_assessment"].Str());
        await (await DecideAsync(reader, id, "assessment", "rejected")).OkBodyAsync();
    }

    [Fact]
    public async Task Deciding_OnOnesOwnCase_NeedsSelfApprove()
    {
        var (owner, _) = await UserAsync($$"""{"case":["read","create","write",{{RequestAll}},{{ApproveAll}}]}""", "self");
        var (selfApprover, _) = await UserAsync($$"""{"case":["read","create","write",{{RequestAll}},{{ApproveAll}},"self_approve"]}""", "self");
        var id = (await owner.CreateCaseAsync("""{"name_first":"Fatma"}"""))["id"].Str();
        await RecordAsync(await DecideAsync(owner, id, "case_plan", "requested"));
        await (await DecideAsync(owner, id, "case_plan", "approved")).ErrorAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(owner, id, "case_plan", "rejected")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await ShowAsync(owner, id))["approval_status_case_plan"].Str());

        var own = (await selfApprover.CreateCaseAsync("""{"name_first":"Ghada"}"""))["id"].Str();
        await RecordAsync(await DecideAsync(selfApprover, own, "case_plan", "requested"));
        Assert.Equal("approved", (await RecordAsync(await DecideAsync(selfApprover, own, "case_plan", "approved")))["approval_status_case_plan"].Str());
    }

    [Fact]
    public async Task UnknownApprovalId_Is404_UnknownStatus_Is422_MissingData_Is422_UnknownRecord_Is404()
    {
        var (owner, _) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Hala"}"""))["id"].Str();
        await (await DecideAsync(owner, id, "service_plan", "requested")).ErrorAsync(HttpStatusCode.NotFound);
        var bad = await (await DecideAsync(owner, id, "case_plan", "open")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("approval_status", bad["detail"].Str());
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan", """{"approval_status":"requested"}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan", """{"data":{"approval_status":"requested","notes":{"a":1}}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await DecideAsync(owner, Guid.NewGuid().ToString(), "case_plan", "requested")).ErrorAsync(HttpStatusCode.NotFound);
        await (await DecideAsync(owner, "not-a-uuid", "case_plan", "requested")).ErrorAsync(HttpStatusCode.NotFound);
        Assert.Null((await ShowAsync(owner, id))["approval_subforms"]);
    }

    [Fact]
    public async Task Request_OnACaseTheUserMayNotOpen_IsForbidden()
    {
        var (owner, _) = await CaseworkerAsync();
        var (stranger, _) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Inas"}"""))["id"].Str();
        await (await DecideAsync(stranger, id, "case_plan", "requested")).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Null((await ShowAsync(owner, id))["approval_status_case_plan"]);
    }

    [Fact]
    public async Task ApprovalType_NotOfferedByTheModule_Is422_AndDefaultsToTheApprovalItself()
    {
        var (owner, _) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Jana"}"""))["id"].Str();
        var error = await (await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan",
            """{"data":{"approval_status":"requested","approval_type":"service_provision"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("approval_type", error["detail"].Str());
        var record = await RecordAsync(await DecideAsync(owner, id, "action_plan", "requested"));
        Assert.Equal("action_plan", record["action_plan_approval_type"].Str());
        Assert.Equal("action_plan", record["approval_subforms"]![0]!["approval_for_type"].Str());
    }

    [Fact]
    public async Task ApprovalType_FromTheApprovalTypeLookup_IsAccepted_WhereTheModuleMakesTypesSelectable()
    {
        var module = "primeromodule-selectable-" + Guid.NewGuid().ToString("N")[..8];
        await server.InTenantAsync(null, async (db, _) =>
        {
            db.Modules.Add(new Amparo.Server.Features.Forms.ModuleEntity
            {
                UniqueId = module,
                Name = module,
                AssociatedRecordTypes = """["case"]""",
                FormSectionUniqueIds = """["basic_identity"]""",
                Extra = """{"module_options":{"selectable_approval_types":true}}""",
            });
            if (!await db.Set<Amparo.Server.Features.Lookups.Lookup>().AnyAsync(l => l.UniqueId == "lookup-approval-type"))
                db.Add(new Amparo.Server.Features.Lookups.Lookup
                {
                    UniqueId = "lookup-approval-type",
                    Name = """{"en":"Approval Type"}""",
                    Values = """[{"id":"service_provision","display_text":{"en":"Service Provision"}}]""",
                    UpdatedAt = DateTimeOffset.UtcNow,
                });
            await db.SaveChangesAsync();
        });
        var (owner, _) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync($$"""{"module_id":"{{module}}","name_first":"Lina"}"""))["id"].Str();

        var record = await RecordAsync(await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/case_plan",
            """{"data":{"approval_status":"requested","approval_type":"service_provision"}}"""));
        Assert.Equal("service_provision", record["case_plan_approval_type"].Str());
        Assert.Equal("service_provision", record["approval_subforms"]![0]!["approval_for_type"].Str());
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/action_plan",
            """{"data":{"approval_status":"requested","approval_type":"birthday_party"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ApprovalKeys_CannotBeWrittenThroughAnOrdinaryUpdate()
    {
        var (owner, _) = await CaseworkerAsync();
        var id = (await owner.CreateCaseAsync("""{"name_first":"Kamar"}"""))["id"].Str();
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}",
            """{"data":{"approval_status_case_plan":"approved","case_plan_approved":true,"approval_subforms":[{"approval_status":"approved"}]}}""")).OkBodyAsync();
        var shown = await ShowAsync(owner, id);
        Assert.Null(shown["approval_status_case_plan"]);
        Assert.Null(shown["case_plan_approved"]);
        Assert.Null(shown["approval_subforms"]);
    }

    [Fact]
    public async Task ApprovalKeys_CannotBeWrittenThroughAnOrdinaryUpdate_EvenWhenAFormOffersThemAsFields()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var module = "primeromodule-approvalform-" + suffix;
        var form = "approval_form_" + suffix;
        await server.InTenantAsync(null, async (db, _) =>
        {
            db.Modules.Add(new Amparo.Server.Features.Forms.ModuleEntity
            {
                UniqueId = module,
                Name = module,
                AssociatedRecordTypes = """["case"]""",
                FormSectionUniqueIds = """["basic_identity"]""",
            });
            await db.SaveChangesAsync();
        });
        await (await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json($$$"""
            {"data":{"unique_id":"{{{form}}}","parent_form":"case","name":{"en":"Approval form"},"module_ids":["{{{module}}}"],
             "fields":[{"name":"approval_status_case_plan","type":"text_field","display_name":{"en":"Status"}},
                       {"name":"case_plan_approved","type":"tick_box","display_name":{"en":"Approved"}},
                       {"name":"{{{form}}}_note","type":"text_field","display_name":{"en":"Note"}}]}}
            """))).OkBodyAsync();
        var role = "role-approval-form-" + suffix;
        await server.DefineRoleAsync(role, "self", $$"""{"case":["read","create","write",{{RequestAll}}]}""", $$"""{"basic_identity":"rw","{{form}}":"rw"}""");
        var (user, password) = await server.CreateUserAsync("self", roleUniqueId: role);
        var owner = server.As(user, password);

        var id = (await owner.CreateCaseAsync($$"""{"module_id":"{{module}}","name_first":"Maha","approval_status_case_plan":"approved","case_plan_approved":true}"""))["id"].Str();
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}",
            $$$"""{"data":{"approval_status_case_plan":"approved","case_plan_approved":true,"{{{form}}}_note":"kept"}}""")).OkBodyAsync();
        var shown = await ShowAsync(owner, id);
        Assert.Equal("kept", shown[$"{form}_note"].Str());
        Assert.Null(shown["approval_status_case_plan"]);
        Assert.Null(shown["case_plan_approved"]);
        await (await DecideAsync(owner, id, "case_plan", "requested")).OkBodyAsync();
        Assert.Equal("pending", (await ShowAsync(owner, id))["approval_status_case_plan"].Str());
    }

    [Fact]
    public async Task Incidents_HaveApprovalsToo_UnderTheirOwnPermissions()
    {
        var (owner, _) = await UserAsync("""{"incident":["read","create","write","request_approval_gbv_closure"],"case":["read"]}""", "self");
        var created = await owner.PostAsync("/api/v2/incidents", Http.Json("""{"data":{"module_id":"primeromodule-gbv"}}"""));
        var id = (await created.OkBodyAsync())["data"]!["id"].Str();
        var record = await RecordAsync(await owner.PatchJsonAsync($"/api/v2/incidents/{id}/approvals/gbv_closure", """{"data":{"approval_status":"requested"}}"""));
        Assert.Equal("pending", record["approval_status_gbv_closure"].Str());
        await (await owner.PatchJsonAsync($"/api/v2/cases/{id}/approvals/gbv_closure", """{"data":{"approval_status":"requested"}}""")).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class ApprovalTests_Sqlite(SqliteServer server) : ApprovalTests(server), IClassFixture<SqliteServer>;

public sealed class ApprovalTests_Postgres(PostgresServer server) : ApprovalTests(server), IClassFixture<PostgresServer>;
