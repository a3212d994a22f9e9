using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>The calls Primero's own web client makes at start-up and login answer in the contract's shape.</summary>
public sealed class PrimeroClientStartupTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    [Fact]
    public async Task ExtendedUser_CarriesListHeaders_ThatShowNamesOnlyToRolesThatReadThem()
    {
        var admin = server.AsAdmin();
        var adminId = await server.UserIdAsync("admin");
        var headers = (await (await admin.GetAsync($"/api/v2/users/{adminId}?extended=true")).OkBodyAsync())["data"]!["list_headers"]!;
        var cases = headers["cases"]!.AsArray().Select(h => h!["field_name"].Str()).ToList();
        Assert.Equal("case_id_display", cases[0]);
        Assert.True(headers["cases"]![0]!["id_search"]!.GetValue<bool>());
        Assert.Contains("name", cases);
        Assert.Contains("flag_count", cases);
        Assert.Contains("owned_by", cases); // the superuser role is a manager's
        Assert.Equal(["name", "code", "admin_level", "type", "hierarchy"], headers["locations"]!.AsArray().Select(h => h!["field_name"].Str()));

        var role = "role-headers-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read"]}""", """{"closure":"rw"}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var id = await server.UserIdAsync(user);
        var theirs = (await (await server.As(user, password).GetAsync($"/api/v2/users/{id}?extended=true")).OkBodyAsync())["data"]!["list_headers"]!["cases"]!.AsArray();
        Assert.DoesNotContain(theirs, h => h!["field_name"].Str() == "name");
        Assert.DoesNotContain(theirs, h => h!["field_name"].Str() == "photo");
    }

    [Fact]
    public async Task StartupSequence_AnswersAsPrimerosClientExpects()
    {
        var (user, password) = await server.CreateUserAsync();
        var browser = server.Browser();

        var primero = await (await browser.GetAsync("/api/v2//primero")).OkBodyAsync();
        Assert.NotNull(primero["data"]!["locales"]);

        var health = await browser.GetAsync("/health/server?session=true");
        Assert.Equal(HttpStatusCode.NoContent, health.StatusCode);
        var csrf = health.Csrf();

        var login = new HttpRequestMessage(HttpMethod.Post, "/api/v2/tokens") { Content = Http.Json($$"""{"user":{"user_name":"{{user}}","password":"{{password}}"} }""") };
        login.Headers.Add("X-CSRF-Token", csrf);
        var session = await (await browser.SendAsync(login)).OkBodyAsync();
        var id = session["id"]!.GetValue<int>();
        Assert.Equal("self", session["group_permission"].Str());

        var me = (await (await browser.GetAsync($"/api/v2/users/{id}?extended=true")).OkBodyAsync())["data"]!;
        Assert.Equal(user, me["user_name"].Str());
        Assert.Equal("role-test-self", me["role_unique_id"].Str());
        Assert.NotNull(me["module_unique_ids"]);
        Assert.Equal("en", me["locale"].Str());
        Assert.Equal("rw", me["permitted_form"]!["basic_identity"].Str());
        var caseActions = me["permissions"]!["list"]!.AsArray().Single(p => p!["resource"].Str() == "cases")!["actions"]!.AsArray().Select(a => a.Str());
        Assert.Contains("read", caseActions);

        var contact = (await (await browser.GetAsync("/api/v2/contact_information")).OkBodyAsync())["data"]!;
        Assert.NotNull(contact["system_version"]);
        var settings = (await (await browser.GetAsync("/api/v2/system_settings?extended=true")).OkBodyAsync())["data"]!;
        Assert.Equal("en", settings["default_locale"].Str());
        Assert.Contains("ar", settings["rtl_locales"]!.AsArray().Select(l => l.Str()));
        Assert.Contains(settings["modules"]!.AsArray(), m => m!["unique_id"].Str() == "primeromodule-cp");
        Assert.NotNull(settings["agencies"]);
        Assert.NotNull((await (await browser.GetAsync("/api/v2/permissions")).OkBodyAsync())["data"]!["resource_actions"]);
        Assert.False((await (await browser.GetAsync("/api/v2/webpush/config")).OkBodyAsync())["data"]!["enabled"]!.GetValue<bool>());
        Assert.NotEmpty((await (await browser.GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task ContactInformation_NeedsSignIn_AndSystemManageToChange()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Browser().GetAsync("/api/v2/contact_information")).StatusCode);
        var (user, password) = await server.CreateUserAsync();
        await (await server.As(user, password).PatchJsonAsync("/api/v2/contact_information", """{"data":{"name":"Mallory"}}""")).ErrorAsync(HttpStatusCode.Forbidden);

        var updated = (await (await server.AsAdmin().PatchJsonAsync("/api/v2/contact_information", """{"data":{"name":"Help desk","email":"help@example.org"}}""")).OkBodyAsync())["data"]!;
        Assert.Equal("Help desk", updated["name"].Str());
        var shown = (await (await server.As(user, password).GetAsync("/api/v2/contact_information")).OkBodyAsync())["data"]!;
        Assert.Equal("help@example.org", shown["email"].Str());
    }
}
