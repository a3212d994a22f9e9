using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Configuration;

namespace Amparo.Server.Tests;

/// <summary>
/// Primero's default configuration (read from ../shared, never copied into the repository) imports with no errors,
/// everything in it is present afterwards, and a case written against the imported forms validates.
/// </summary>
public abstract class ConfigurationImportTests(AmparoServer server) : ServerTests(server)
{
    private static string Folder() => Path.GetDirectoryName(SharedFixtures.Find("primero-config/forms.json"))!;

    private static JsonArray Fixture(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(), name + ".json")))!.AsArray();

    /// <summary>The folder's files as the import endpoint takes them: one object, a key per file.</summary>
    private static JsonObject Payload()
    {
        var data = new JsonObject();
        foreach (var name in PrimeroImport.Files)
        {
            var path = Path.Combine(Folder(), name + ".json");
            if (File.Exists(path)) data[name] = JsonNode.Parse(File.ReadAllText(path));
        }
        return new JsonObject { ["data"] = data };
    }

    [Fact]
    public async Task ImportPrimero_DefaultConfiguration_HasNoErrors_AndEveryFormFieldLookupAndRoleIsPresent()
    {
        var admin = server.AsAdmin();
        var result = await (await admin.PostAsync("/api/v2/configurations/import_primero", Http.Json(Payload()))).OkBodyAsync();
        Assert.Equal("success", result["data"]!["status"].Str());
        Assert.Empty(result["data"]!["errors"]!.AsArray());
        Assert.Equal(64, result["data"]!["imported"]!["forms"]!.GetValue<int>());

        var forms = (await (await admin.GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray()
            .ToDictionary(f => f!["unique_id"].Str(), f => f!["fields"]!.AsArray().Select(x => x!["name"].Str()).ToList());
        foreach (var form in Fixture("forms").Select(f => f!.AsObject()))
            Assert.Equal(form["fields"]!.AsArray().Select(x => x!["name"].Str()), forms[form["unique_id"].Str()]);

        var lookups = (await (await admin.GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray();
        foreach (var lookup in Fixture("lookups").Select(l => l!.AsObject()))
        {
            var stored = lookups.Single(l => l!["unique_id"].Str() == lookup["unique_id"].Str())!;
            var expected = (lookup["lookup_values_en"] ?? lookup["lookup_values"])!.AsArray().Select(v => v!["id"].Str());
            // One of Primero's lookups lists "poverty" twice; an option list holds each id once.
            Assert.Equal(expected.Distinct(), stored["values"]!.AsArray().Select(v => v!["id"].Str()));
        }

        var roles = (await (await admin.GetAsync("/api/v2/roles?per=100")).OkBodyAsync())["data"]!.AsArray().Select(r => r!["unique_id"].Str()).ToList();
        Assert.All(Fixture("roles"), r => Assert.Contains(r!["unique_id"].Str(), roles));
        var settings = (await (await admin.GetAsync("/api/v2/system_settings")).OkBodyAsync())["data"]!;
        var fixtureSettings = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(), "system_settings.json")))!;
        // jsonb keeps objects' keys in its own order: compare as JSON, not as text.
        Assert.True(JsonNode.DeepEquals(fixtureSettings["age_ranges"], settings["age_ranges"]), settings["age_ranges"]?.ToJsonString());
        Assert.Equal("en", settings["default_locale"].Str());

        var modules = (await (await admin.GetAsync("/api/v2/primero_modules")).OkBodyAsync())["data"]!.AsArray();
        var cp = modules.Single(m => m!["unique_id"].Str() == "primeromodule-cp")!;
        Assert.NotNull(cp["module_options"]);
    }

    [Fact]
    public async Task CaseWrittenAgainstImportedCpForms_Validates_AndAnAnswerOutsideItsLookup_IsRefused()
    {
        var admin = server.AsAdmin();
        await (await admin.PostAsync("/api/v2/configurations/import_primero", Http.Json(Payload()))).OkBodyAsync();

        var created = await admin.CreateCaseAsync("""
            {"module_id":"primeromodule-cp","name_first":"Lina","name_last":"Haddad","sex":"female","age":9,
             "protection_concerns":["trafficked_smuggled"],"family_details_section":[{"relation_name":"Samir","relation":"father"}]}
            """);
        var id = created["id"].Str();
        var shown = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("female", shown["sex"].Str());
        Assert.Equal("Samir", shown["family_details_section"]![0]!["relation_name"].Str());

        // Imported rules hold: the lookup's values, and the required fields of Primero's basic identity form.
        var wrong = await (await admin.PostAsync("/api/v2/cases", Http.Json("""{"data":{"module_id":"primeromodule-cp","name_first":"A","name_last":"B","sex":"unicorn","age":3}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/sex"], wrong["detail"]!.AsArray().Select(d => d.Str()));
        var missing = await (await admin.PostAsync("/api/v2/cases", Http.Json("""{"data":{"module_id":"primeromodule-cp","name_first":"A"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/age", "/name_last", "/sex"], missing["detail"]!.AsArray().Select(d => d.Str()).Order());
    }

    [Fact]
    public async Task ImportPrimeroCommand_LoadsTheFolder_WithNoErrors()
    {
        var exit = await ConfigurationCommand.ImportPrimeroAsync(server.Services, Folder());
        Assert.Equal(0, exit);
        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(forms, f => f!["unique_id"].Str() == "tracing_request_inquirer");
    }

    [Fact]
    public async Task ImportPrimero_WithOneBrokenForm_ChangesNothing()
    {
        var lookupId = "lookup-import-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonNode.Parse($$"""
            {"data":{
              "lookups":[{"unique_id":"{{lookupId}}","name_en":"Colours","lookup_values_en":[{"id":"red","display_text":"Red"}]}],
              "forms":[{"unique_id":"broken_form","parent_form":"case","name_en":"Broken","fields":[{"name":"x","type":"hologram"}]}]
            } }
            """)!;
        var result = await (await server.AsAdmin().PostAsync("/api/v2/configurations/import_primero", Http.Json(body))).BodyAsync();
        Assert.Equal("failure", result["data"]!["status"].Str());
        Assert.Contains("hologram", result["data"]!["errors"]![0].Str(), StringComparison.Ordinal);
        var lookups = (await (await server.AsAdmin().GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray();
        Assert.DoesNotContain(lookups, l => l!["unique_id"].Str() == lookupId);
    }

    [Fact]
    public async Task ImportPrimero_WithoutConfigurationPermission_IsForbidden()
    {
        var (user, password) = await server.CreateUserAsync();
        await (await server.As(user, password).PostAsync("/api/v2/configurations/import_primero", Http.Json(Payload()))).ErrorAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class ConfigurationImportTests_Sqlite(SqliteServer server) : ConfigurationImportTests(server), IClassFixture<SqliteServer>;

public sealed class ConfigurationImportTests_Postgres(PostgresServer server) : ConfigurationImportTests(server), IClassFixture<PostgresServer>;
