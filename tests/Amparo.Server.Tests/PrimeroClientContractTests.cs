using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.SystemSettings;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>
/// What Primero's own web client reads from the server, in the shapes it reads (issue 14): names and keys it looks up,
/// values it computes and sends back, and the answers its admin pages expect.
/// </summary>
public abstract class PrimeroClientContractTests(AmparoServer server) : ServerTests(server)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonNode> ExtendedUserAsync(HttpClient client, string userName) =>
        (await (await client.GetAsync($"/api/v2/users/{await server.UserIdAsync(userName)}?extended=true")).OkBodyAsync())["data"]!;

    [Fact]
    public async Task ExtendedUser_NamesPermissionResourcesInThePlural_AsPrimerosClientChecksThem()
    {
        var role = Unique("role-plural-");
        await server.DefineRoleAsync(role, "self",
            """{"case":["read","write"],"code_of_conduct":["manage"],"metadata":["manage"],"system":["manage"],"user_group":["read"],"tracing_request":["read"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);

        var list = (await ExtendedUserAsync(server.As(user, password), user))["permissions"]!["list"]!.AsArray();
        var resources = list.Select(p => p!["resource"].Str()).ToList();
        Assert.Equal(["cases", "codes_of_conduct", "metadata", "systems", "tracing_requests", "user_groups"], resources.Order());
        Assert.Equal(["read", "write"], list.Single(p => p!["resource"].Str() == "cases")!["actions"]!.AsArray().Select(a => a.Str()));
    }
    [Fact]
    public async Task ExtendedUser_CarriesTheReportingLocationConfig_AndTheRolesItMayGive()
    {
        var given = Unique("role-given-");
        await server.DefineRoleAsync(given, "self", """{"case":["read"]}""");
        var admin = Unique("role-useradmin-");
        await server.DefineRoleAsync(admin, "all", $$"""{"user":["read","write","create"],"objects":{"role":["{{given}}"]} }""");
        var (userAdmin, adminPassword) = await server.CreateUserAsync(roleUniqueId: admin);
        var (worker, workerPassword) = await server.CreateUserAsync();

        var me = await ExtendedUserAsync(server.As(userAdmin, adminPassword), userAdmin);
        Assert.Equal([given], me["permitted_role_unique_ids"]!.AsArray().Select(r => r.Str()));
        var location = me["reporting_location_config"]!;
        Assert.Equal("owned_by_location", location["field_key"].Str());
        Assert.Equal(2, location["admin_level"]!.GetValue<int>());
        Assert.Equal(["district"], location["label_keys"]!.AsArray().Select(k => k.Str()));
        Assert.Equal(["province"], location["admin_level_map"]!["1"]!.AsArray().Select(k => k.Str()));

        var theirs = await ExtendedUserAsync(server.As(worker, workerPassword), worker);
        Assert.Empty(theirs["permitted_role_unique_ids"]!.AsArray());
        Assert.NotNull(theirs["reporting_location_config"]);
        // A superuser may give every role.
        var all = await ExtendedUserAsync(server.AsAdmin(), "admin");
        Assert.Contains(given, all["permitted_role_unique_ids"]!.AsArray().Select(r => r.Str()));
    }

    [Fact]
    public async Task SystemSettings_SayWhatTheSearchesLookIn_AndThePhoneSearchFindsByAFieldItNames()
    {
        var (user, password) = await server.CreateUserAsync();
        var settings = (await (await server.As(user, password).GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!;
        var exact = settings["exact_search_fields"]!["cases"]!.AsArray().Select(f => f.Str()).ToList();
        Assert.Contains("case_id_display", exact);
        Assert.Contains("name_first", exact);
        Assert.Contains("name_nickname", settings["phonetic_search_fields"]!["cases"]!.AsArray().Select(f => f.Str()));
        Assert.NotNull(settings["phonetic_search_fields"]!["incidents"]);
        var phoneFields = settings["phone_number_search_fields"]!["cases"]!.AsArray().Select(f => f.Str()).ToList();
        Assert.Contains("telephone_current", phoneFields);
        Assert.All(phoneFields, f => Assert.Contains("phone", f, StringComparison.Ordinal));
        Assert.Equal("owned_by_location", settings["reporting_location_config"]!["field_key"].Str());
        Assert.Contains("login", settings["audit_log"]!["actions"]!.AsArray().Select(a => a.Str()));
        Assert.Contains("child", settings["audit_log"]!["record_types"]!.AsArray().Select(a => a.Str()));
        Assert.Equal(TenantSettings.DefaultMaximumAttachmentsPerRecord, settings["system_options"]!["maximum_attachments_per_record"]!.GetValue<int>());

        // What the settings name is what the search searches: a number in the first phone field listed is found.
        var admin = server.AsAdmin();
        var number = "+961 3 " + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = (await admin.CreateCaseAsync($$"""{"name_first":"Rana","{{phoneFields[0]}}":"{{number}}"}"""))["id"].Str();
        var found = (await (await admin.GetAsync($"/api/v2/cases?query={Uri.EscapeDataString(number.Replace(" ", "", StringComparison.Ordinal))}&phone_number=true")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(found, r => r!["id"].Str() == id);
    }

    /// <summary>Sets the tenant's configured system settings for the test, and puts back what was there.</summary>
    private async Task<IAsyncDisposable> ConfiguredSettingsAsync(string json)
    {
        string? before = null;
        await server.InTenantAsync(null, async (db, _) =>
        {
            var stored = await db.Set<StoredSystemSettings>().FirstOrDefaultAsync();
            before = stored?.Settings;
            if (stored is null) db.Add(stored = new StoredSystemSettings());
            stored.Settings = json;
            await db.SaveChangesAsync();
        });
        return new Restore(() => server.InTenantAsync(null, async (db, _) =>
        {
            var stored = await db.Set<StoredSystemSettings>().SingleAsync();
            if (before is null) db.Remove(stored);
            else stored.Settings = before;
            await db.SaveChangesAsync();
        }));
    }

    private sealed class Restore(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }

    [Fact]
    public async Task DefaultCaseForms_HaveTheRecordInformationGroup_AndOpenOnBasicIdentity()
    {
        // Primero's client shows the change log, approvals and transitions of a case as forms of the record_information
        // group, and opens a record on the form marked is_first_tab (else on the first form it was given).
        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray();
        var group = forms.Where(f => f!["form_group_id"]?.ToString() == "record_information" && f["parent_form"]?.ToString() == "case").ToList();
        Assert.Equal(["approvals", "change_logs", "record_owner", "referral", "transfers_assignments"], group.Select(f => f!["unique_id"].Str()).Order());
        Assert.All(group, f => Assert.True(f!["core_form"]!.GetValue<bool>()));
        Assert.Equal(["basic_identity"], forms.Where(f => f!["is_first_tab"]?.GetValue<bool>() == true && f["parent_form"]?.ToString() == "case").Select(f => f!["unique_id"].Str()));
        var groups = (await (await server.AsAdmin().GetAsync("/api/v2/lookups?per=999")).OkBodyAsync())["data"]!.AsArray()
            .Single(l => l!["unique_id"].Str() == "lookup-form-group-cp-case")!;
        Assert.Contains(groups["values"]!.AsArray(), v => v!["id"]?.ToString() == "record_information" && v["display_text"]?["en"]?.ToString() == "Record information");
    }

    [Fact]
    public async Task ApprovalsLabels_NameEachApprovalByLanguage_AndAnImportedConfigurationsAreTurnedThatWay()
    {
        // Primero's client offers no approval to request or give without a label for it.
        var admin = server.AsAdmin();
        var labels = (await (await admin.GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!["approvals_labels"]!;
        Assert.Equal("Case Plan", labels["case_plan"]!["en"].Str());
        Assert.Equal(["action_plan", "assessment", "case_plan", "closure", "gbv_closure"], labels.AsObject().Select(kv => kv.Key).Order());
        // A Primero configuration keeps them by language (approvals_labels_en, imported as {en: {...}}).
        await using (await ConfiguredSettingsAsync("""{"approvals_labels":{"en":{"case_plan":"Care Plan","closure":"Closing"},"fr":{"case_plan":"Plan de soins"}}}"""))
        {
            var imported = (await (await admin.GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!["approvals_labels"]!;
            Assert.Equal("Care Plan", imported["case_plan"]!["en"].Str());
            Assert.Equal("Plan de soins", imported["case_plan"]!["fr"].Str());
            Assert.Equal("Closing", imported["closure"]!["en"].Str());
        }
    }

    [Fact]
    public async Task AttachmentLimit_IsTheConfiguredOne_ShownInSystemOptions_AndEnforced()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
        JsonObject Photo(string name) => new()
        {
            ["data"] = new JsonObject { ["field_name"] = "photos", ["attachment_type"] = "image", ["file_name"] = name, ["attachment"] = Convert.ToBase64String(png) },
        };
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Nour"}"""))["id"].Str();
        await using (await ConfiguredSettingsAsync("""{"system_options":{"maximum_attachments_per_record":2}}"""))
        {
            var options = (await (await admin.GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!["system_options"]!;
            Assert.Equal(2, options["maximum_attachments_per_record"]!.GetValue<int>());
            await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Photo("a.png")))).OkBodyAsync();
            await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Photo("b.png")))).OkBodyAsync();
            var third = await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Photo("c.png")))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("errors.attachments.maximum", third["message"]![0].Str());
        }
        // Unconfigured, Primero's default of 100 applies again.
        await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Photo("c.png")))).OkBodyAsync();
    }
    [Fact]
    public async Task Modules_ListTheColumnsAndFiltersOfTheirLists_SoEveryOneAUserIsGivenIsShown()
    {
        var admin = server.AsAdmin();
        var cp = (await (await admin.GetAsync("/api/v2/primero_modules")).OkBodyAsync())["data"]!.AsArray()
            .Single(m => m!["unique_id"].Str() == "primeromodule-cp")!;
        var headers = cp["list_headers"]!["cases"]!.AsArray().Select(h => h.Str()).ToList();
        Assert.Contains("case_id_display", headers);
        Assert.Contains("owned_by", headers);
        Assert.Contains("survivor_code_no", headers); // a caseworker's column as well as a manager's
        // One list per record type the module keeps.
        var paths = cp["associated_record_types"]!.AsArray().Select(t => Amparo.Contracts.RecordType.Of(t.Str()).Path).Order();
        Assert.Equal(paths, cp["list_headers"]!.AsObject().Select(kv => kv.Key).Order());
        Assert.Equal(paths, cp["list_filters"]!.AsObject().Select(kv => kv.Key).Order());
        var filters = cp["list_filters"]!["cases"]!.AsArray().Select(f => f.Str()).ToList();
        Assert.Contains("workflow", filters);
        Assert.Contains("status", filters);

        // Primero's client keeps a user's case columns and filters that the user's modules list: none may be lost.
        var me = await ExtendedUserAsync(admin, "admin");
        Assert.All(me["list_headers"]!["cases"]!.AsArray(), h => Assert.Contains(h!["field_name"].Str(), headers));
        Assert.All(me["filters"]!["cases"]!.AsArray(), f => Assert.Contains(f!["unique_id"].Str(), filters));

        var (user, password) = await server.CreateUserAsync();
        var settings = (await (await server.As(user, password).GetAsync("/api/v2/system_settings?extended=true")).OkBodyAsync())["data"]!;
        var listed = settings["modules"]!.AsArray().Single(m => m!["unique_id"].Str() == "primeromodule-cp")!;
        Assert.Equal(headers, listed["list_headers"]!["cases"]!.AsArray().Select(h => h.Str()));
        Assert.Equal(filters, listed["list_filters"]!["cases"]!.AsArray().Select(f => f.Str()));
    }
    [Fact]
    public async Task FormFields_HaveUniqueNumbers_AndASubformFieldNamesItsNestedFormByNumber()
    {
        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray();
        var fields = forms.SelectMany(f => f!["fields"]!.AsArray().Select(x => (Form: f!, Field: x!))).ToList();
        var ids = fields.Select(x => x.Field["id"]!.GetValue<int>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(fields, x => Assert.Equal(x.Form["id"]!.GetValue<int>(), x.Field["form_section_id"]!.GetValue<int>()));
        var numbers = forms.ToDictionary(f => f!["unique_id"].Str(), f => f!["id"]!.GetValue<int>());
        var subforms = fields.Where(x => x.Field["type"].Str() == "subform").Select(x => x.Field).ToList();
        Assert.NotEmpty(subforms);
        Assert.All(subforms, s => Assert.Equal(numbers[s["subform_section_unique_id"].Str()], s["subform_section_id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task FormFieldNumbers_StayWhileTheFieldLives_AndASubformFieldMayBeSentWithTheNestedFormsNumber()
    {
        var admin = server.AsAdmin();
        var rows = Unique("rows_");
        var nested = (await (await admin.PostAsync("/api/v2/forms", Http.Json($$"""
            {"data":{"unique_id":"{{rows}}","parent_form":"case","name":{"en":"Rows"},"is_nested":true,"fields":[{"name":"r","type":"text_field","display_name":{"en":"R"} }]} }
            """))).OkBodyAsync())["data"]!;
        var nestedNumber = nested["id"]!.GetValue<int>();
        // Primero's form builder names the nested form by its number.
        var form = (await (await admin.PostAsync("/api/v2/forms", Http.Json($$"""
            {"data":{"unique_id":"{{Unique("owner_")}}","parent_form":"case","name":{"en":"Owner"},"fields":[
              {"name":"a","type":"text_field","display_name":{"en":"A"} },
              {"name":"s","type":"subform","display_name":{"en":"S"},"subform_section_id":{{nestedNumber}} }]} }
            """))).OkBodyAsync())["data"]!;
        var s = form["fields"]!.AsArray().Single(f => f!["name"].Str() == "s")!;
        Assert.Equal(nestedNumber, s["subform_section_id"]!.GetValue<int>());
        Assert.Equal(rows, s["subform_section_unique_id"].Str());
        int Number(JsonNode f, string name) => f["fields"]!.AsArray().Single(x => x!["name"].Str() == name)!["id"]!.GetValue<int>();
        var (a, sub) = (Number(form, "a"), Number(form, "s"));

        // A label changed, a field renamed, one added (sent with a number of its own choosing) and the subform by number.
        var id = form["id"]!.GetValue<int>();
        var changed = (await (await admin.PatchJsonAsync($"/api/v2/forms/{id}", $$"""
            {"data":{"fields":[
              {"name":"a2","renamed_from":"a","display_name":{"en":"A renamed"} },
              {"name":"s","subform_section_id":{{nestedNumber}} },
              {"name":"b","type":"text_field","display_name":{"en":"B"},"id":{{a}} }]} }
            """)).OkBodyAsync())["data"]!;
        Assert.Equal(a, Number(changed, "a2"));
        Assert.Equal(sub, Number(changed, "s"));
        Assert.NotEqual(a, Number(changed, "b"));
        Assert.NotEqual(sub, Number(changed, "b"));
        Assert.Equal(rows, changed["fields"]!.AsArray().Single(f => f!["name"].Str() == "s")!["subform_section_unique_id"].Str());

        // A number that is no form is refused like an unknown unique id.
        await (await admin.PostAsync("/api/v2/forms", Http.Json($$"""
            {"data":{"unique_id":"{{Unique("bad_")}}","parent_form":"case","name":{"en":"Bad"},"fields":[
              {"name":"s","type":"subform","display_name":{"en":"S"},"subform_section_id":987654321}]} }
            """))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }
    [Fact]
    public async Task Agency_CreatedWithTheIdOfAnExistingOne_IsAConflict()
    {
        var existing = await server.CreateAgencyAsync();
        var code = Unique("agency-new-");
        var error = await (await server.AsAdmin().PostAsync("/api/v2/agencies", Http.Json($$"""{"data":{"id":{{existing}},"agency_code":"{{code}}","name":{"en":"New"} } }""")))
            .ErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal("Conflict: A record with this id already exists", error["message"].Str());
        var codes = (await (await server.AsAdmin().GetAsync("/api/v2/agencies?per=1000")).OkBodyAsync())["data"]!.AsArray().Select(a => a!["agency_code"].Str());
        Assert.DoesNotContain(code, codes);
    }

    [Fact]
    public async Task UserGroup_KeepsAndEchoesItsAgencies()
    {
        var admin = server.AsAdmin();
        var agency = (await (await admin.GetAsync($"/api/v2/agencies/{await server.CreateAgencyAsync()}")).OkBodyAsync())["data"]!["unique_id"].Str();
        var created = (await (await admin.PostAsync("/api/v2/user_groups", Http.Json($$"""{"data":{"name":"Field team","agency_unique_ids":["{{agency}}","agency-that-is-not"]} }""")))
            .OkBodyAsync())["data"]!;
        Assert.Equal([agency], created["agency_unique_ids"]!.AsArray().Select(a => a.Str()));
        var id = created["id"]!.GetValue<int>();
        Assert.Equal([agency], (await (await admin.GetAsync($"/api/v2/user_groups/{id}")).OkBodyAsync())["data"]!["agency_unique_ids"]!.AsArray().Select(a => a.Str()));
        var renamed = (await (await admin.PatchJsonAsync($"/api/v2/user_groups/{id}", """{"data":{"name":"Renamed"}}""")).OkBodyAsync())["data"]!;
        Assert.Equal([agency], renamed["agency_unique_ids"]!.AsArray().Select(a => a.Str()));
        var cleared = (await (await admin.PatchJsonAsync($"/api/v2/user_groups/{id}", """{"data":{"agency_unique_ids":[]}}""")).OkBodyAsync())["data"]!;
        Assert.Empty(cleared["agency_unique_ids"]!.AsArray());
    }

    [Fact]
    public async Task UsersList_CountsTheEnabledUsers()
    {
        await server.CreateUserAsync();
        var list = await (await server.AsAdmin().GetAsync("/api/v2/users?per=1000")).OkBodyAsync();
        var enabled = list["data"]!.AsArray().Count(u => !u!["disabled"]!.GetValue<bool>());
        Assert.Equal(enabled, list["metadata"]!["total_enabled"]!.GetValue<int>());
    }

    [Fact]
    public async Task UserCreateAndUpdate_CountTheEnabledUsers_AsTheListDoes()
    {
        var admin = server.AsAdmin();
        var userName = Unique("counted_");
        var created = await (await admin.PostAsync("/api/v2/users", Http.Json($$"""
            {"data":{"user_name":"{{userName}}","full_name":"Counted","password":"long-enough-pw","password_confirmation":"long-enough-pw","role_unique_id":"role-cp-case-worker"} }
            """))).OkBodyAsync();
        async Task<int> EnabledAsync() => (await (await admin.GetAsync("/api/v2/users?per=1")).OkBodyAsync())["metadata"]!["total_enabled"]!.GetValue<int>();
        Assert.Equal(await EnabledAsync(), created["metadata"]!["total_enabled"]!.GetValue<int>());
        var id = created["data"]!["id"]!.GetValue<int>();
        var disabled = await (await admin.PatchJsonAsync($"/api/v2/users/{id}", """{"data":{"disabled":true}}""")).OkBodyAsync();
        Assert.True(disabled["data"]!["disabled"]!.GetValue<bool>());
        Assert.Equal(await EnabledAsync(), disabled["metadata"]!["total_enabled"]!.GetValue<int>());
    }

    [Fact]
    public async Task Form_WithAUniqueIdAlreadyTaken_IsAValidationError()
    {
        var body = $$"""{"data":{"unique_id":"{{Unique("twice_")}}","parent_form":"case","name":{"en":"Twice"},"fields":[]} }""";
        await (await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json(body))).OkBodyAsync();
        var error = await (await server.AsAdmin().PostAsync("/api/v2/forms", Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unique_id", error["detail"].Str());
    }

    [Fact]
    public async Task Locations_HonourPerAboveAThousand()
    {
        var list = await (await server.AsAdmin().GetAsync("/api/v2/locations?per=5000")).OkBodyAsync();
        Assert.Equal(5000, list["metadata"]!["per"]!.GetValue<int>());
        Assert.Equal(100, (await (await server.AsAdmin().GetAsync("/api/v2/locations")).OkBodyAsync())["metadata"]!["per"]!.GetValue<int>());
    }

    [Fact]
    public async Task NewCase_OfAnOwnerWithAnAgency_IsOwnedByThatAgency()
    {
        var agencyId = await server.CreateAgencyAsync();
        var agency = (await (await server.AsAdmin().GetAsync($"/api/v2/agencies/{agencyId}")).OkBodyAsync())["data"]!["unique_id"].Str();
        var (user, password) = await server.CreateUserAsync(agencyId: agencyId);
        var client = server.As(user, password);
        var created = await client.CreateCaseAsync("""{"name_first":"Hadi"}""");
        Assert.Equal(agency, created["owned_by_agency_id"].Str());
        var listed = (await (await client.GetAsync("/api/v2/cases?fields=short")).OkBodyAsync())["data"]!.AsArray().Single(r => r!["id"].Str() == created["id"].Str())!;
        Assert.Equal(agency, listed["owned_by_agency_id"].Str());
        // An owner without an agency gives none.
        var (loner, lonerPassword) = await server.CreateUserAsync();
        Assert.Null((await server.As(loner, lonerPassword).CreateCaseAsync("""{"name_first":"Sami"}"""))["owned_by_agency_id"]);
    }

    [Fact]
    public async Task NewIncident_WithoutModule_ByAUserOfOneModule_TakesThatModule()
    {
        var role = Unique("role-gbv-");
        await server.DefineRoleAsync(role, "self", """{"incident":["read","create","write"]}""", """{"gbv_incident_details":"rw"}""");
        await server.ChangeRoleAsync(role, r => r.ModuleUniqueIds = """["primeromodule-gbv"]""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var created = (await (await server.As(user, password).PostAsync("/api/v2/incidents", Http.Json("""{"data":{"date_of_first_report":"2026-11-02"}}"""))).OkBodyAsync())["data"]!;
        Assert.Equal("primeromodule-gbv", created["module_id"].Str());
    }
}

public sealed class PrimeroClientContractTests_Sqlite(SqliteServer server) : PrimeroClientContractTests(server), IClassFixture<SqliteServer>;

public sealed class PrimeroClientContractTests_Postgres(PostgresServer server) : PrimeroClientContractTests(server), IClassFixture<PostgresServer>;
