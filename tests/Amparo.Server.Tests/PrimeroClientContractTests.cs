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
}

public sealed class PrimeroClientContractTests_Sqlite(SqliteServer server) : PrimeroClientContractTests(server), IClassFixture<SqliteServer>;

public sealed class PrimeroClientContractTests_Postgres(PostgresServer server) : PrimeroClientContractTests(server), IClassFixture<PostgresServer>;
