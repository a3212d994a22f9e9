using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>Lookups and locations: the option lists fields take their choices from.</summary>
public abstract class LookupLocationTests(AmparoServer server) : ServerTests(server)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonObject> PostAsync(string url, string data) =>
        (await (await server.AsAdmin().PostAsync(url, Http.Json($$"""{"data": {{data}} }"""))).OkBodyAsync())["data"]!.AsObject();

    [Fact]
    public async Task Lookup_CreateMergeValuesAndDeleteAValue()
    {
        var id = "lookup-" + Unique("colour");
        var created = await PostAsync("/api/v2/lookups", $$"""{"unique_id":"{{id}}","name":{"en":"Colour","fr":"Couleur"},"values":[{"id":"red","display_text":{"en":"Red"} },{"id":"blue","display_text":{"en":"Blue"} }]}""");
        Assert.Equal("Couleur", created["name"]!["fr"].Str());
        var patched = await (await server.AsAdmin().PatchJsonAsync($"/api/v2/lookups/{created["id"]}",
            """{"data":{"values":[{"id":"red","display_text":{"fr":"Rouge"}},{"id":"blue","_delete":true},{"id":"green","display_text":{"en":"Green"}}]}}""")).OkBodyAsync();
        var values = patched["data"]!["values"]!.AsArray();
        Assert.Equal(["red", "green"], values.Select(v => v!["id"].Str()));
        Assert.Equal("Red", values[0]!["display_text"]!["en"].Str());
        Assert.Equal("Rouge", values[0]!["display_text"]!["fr"].Str());

        var listed = (await (await server.AsAdmin().GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(listed, l => l!["unique_id"].Str() == id);
        await (await server.AsAdmin().PostAsync("/api/v2/lookups", Http.Json($$"""{"data":{"unique_id":"{{id}}","name":{"en":"Again"} } }"""))).ErrorAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Lookup_Locked_KeepsItsValues_AndCannotBeDeleted()
    {
        var created = await PostAsync("/api/v2/lookups", $$"""{"unique_id":"lookup-{{Unique("locked")}}","name":{"en":"Fixed"},"locked":true,"values":[{"id":"a","display_text":{"en":"A"} }]}""");
        var refused = await (await server.AsAdmin().PatchJsonAsync($"/api/v2/lookups/{created["id"]}", """{"data":{"values":[{"id":"b","display_text":{"en":"B"}}]}}"""))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("values", refused["detail"].Str());
        // Texts of existing values may change.
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/lookups/{created["id"]}", """{"data":{"values":[{"id":"a","display_text":{"fr":"Ah"}}]}}""")).OkBodyAsync();
        await (await server.AsAdmin().DeleteAsync($"/api/v2/lookups/{created["id"]}")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Lookup_UsedByAField_CannotBeDeleted_UntilItIsNot()
    {
        var id = "lookup-" + Unique("used");
        var lookup = await PostAsync("/api/v2/lookups", $$"""{"unique_id":"{{id}}","name":{"en":"Used"},"values":[{"id":"x","display_text":{"en":"X"} }]}""");
        var formId = Unique("uses_lookup_");
        var form = await PostAsync("/api/v2/forms", $$"""{"unique_id":"{{formId}}","parent_form":"case","name":{"en":"Uses"},"fields":[{"name":"pick","type":"select_box","option_strings_source":"lookup {{id}}"}]}""");
        var refused = await (await server.AsAdmin().DeleteAsync($"/api/v2/lookups/{lookup["id"]}")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"{formId}.pick", refused["detail"]![0].Str());
        await (await server.AsAdmin().DeleteAsync($"/api/v2/forms/{form["id"]}")).OkBodyAsync();
        await (await server.AsAdmin().DeleteAsync($"/api/v2/lookups/{lookup["id"]}")).OkBodyAsync();
    }

    [Fact]
    public async Task Lookups_AreListedForEveryone_ButChangedOnlyWithMetadataManagement()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v2/lookups")).StatusCode);
        await (await client.PostAsync("/api/v2/lookups", Http.Json("""{"data":{"name":{"en":"Mine"}}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v2/locations", Http.Json("""{"data":{"code":"ZZ","placename":{"en":"Mine"}}}"""))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Locations_FormAHierarchy_WhoseNamesFollowARenamedParent()
    {
        var country = Unique("C").ToUpperInvariant();
        var top = await PostAsync("/api/v2/locations", $$"""{"code":"{{country}}","type":"country","placename":{"en":"Atlantis","fr":"Atlantide"} }""");
        var province = await PostAsync("/api/v2/locations", $$"""{"code":"{{country}}01","type":"province","parent_code":"{{country}}","placename":{"en":"North"} }""");
        Assert.Equal(1, province["admin_level"]!.GetValue<int>());
        Assert.Equal("Atlantis::North", province["name"]!["en"].Str());
        Assert.Equal("Atlantide::North", province["name"]!["fr"].Str());
        Assert.Equal([country, country + "01"], province["hierarchy"]!.AsArray().Select(h => h.Str()));

        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/locations/{top["id"]}", """{"data":{"placename":{"en":"New Atlantis"}}}""")).OkBodyAsync();
        var list = (await (await server.AsAdmin().GetAsync($"/api/v2/locations?query={country}01")).OkBodyAsync())["data"]!.AsArray();
        var child = Assert.Single(list)!;
        Assert.Equal("New Atlantis::North", child["name"]!["en"].Str());
        Assert.Null(child["admin_level"]); // only with hierarchy=true
        var withHierarchy = (await (await server.AsAdmin().GetAsync($"/api/v2/locations?hierarchy=true&query={country}01")).OkBodyAsync())["data"]![0]!;
        Assert.Equal("North", withHierarchy["placename"]!["en"].Str());

        var duplicate = await (await server.AsAdmin().PostAsync("/api/v2/locations", Http.Json($$"""{"data":{"code":"{{country}}","placename":{"en":"Again"} } }""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("location_code", duplicate["detail"].Str());
        await (await server.AsAdmin().DeleteAsync($"/api/v2/locations/{top["id"]}")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Locations_ImportFromHxl_CountsRows_AndReportsTheOnesThatFail()
    {
        var c = Unique("H").ToUpperInvariant();
        var csv = $"""
            Country,Country code,Region,Region code,Region (ar)
            #country+name,#country+code,#adm1+name,#adm1+code,#adm1+name+i_ar
            Hxland,{c},Amman,{c}01,عمان
            Hxland,{c},Irbid,{c}02,إربد
            Hxland,{c},Broken,bad code!,
            """;
        var body = new JsonObject
        {
            ["data"] = new JsonObject { ["file_name"] = "jo.csv", ["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)) },
        };
        var result = await (await server.AsAdmin().PostAsync("/api/v2/locations/import", Http.Json(body))).OkBodyAsync();
        Assert.Equal("some_failure", result["data"]!["status"].Str());
        Assert.Equal(3, result["data"]!["total"]!.GetValue<int>());
        Assert.Equal(2, result["data"]!["success_total"]!.GetValue<int>());
        Assert.StartsWith("row 5:", result["data"]!["failures"]![0].Str(), StringComparison.Ordinal);

        var irbid = (await (await server.AsAdmin().GetAsync($"/api/v2/locations?hierarchy=true&query={c}02")).OkBodyAsync())["data"]![0]!;
        Assert.Equal(1, irbid["admin_level"]!.GetValue<int>());
        Assert.Equal("Hxland::Irbid", irbid["name"]!["en"].Str());
        Assert.Equal("إربد", irbid["placename"]!["ar"].Str());

        var notCsv = new JsonObject { ["data"] = new JsonObject { ["file_name"] = "x.csv", ["data_base64"] = Convert.ToBase64String("no tags here"u8.ToArray()) } };
        var failed = await (await server.AsAdmin().PostAsync("/api/v2/locations/import", Http.Json(notCsv))).BodyAsync();
        Assert.Equal("failure", failed["data"]!["status"].Str());
    }

    [Fact]
    public async Task LocationField_TakesOnlyKnownCodes()
    {
        var code = Unique("L").ToUpperInvariant();
        await PostAsync("/api/v2/locations", $$"""{"code":"{{code}}","placename":{"en":"Somewhere"} }""");
        var admin = server.AsAdmin();
        await admin.CreateCaseAsync($$"""{"name_first":"Zaid","location_current":"{{code}}"}""");
        var refused = await (await admin.PostAsync("/api/v2/cases", Http.Json("""{"data":{"name_first":"Zaid","location_current":"NOWHERE"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/location_current"], refused["detail"]!.AsArray().Select(d => d.Str()));
    }
}

public sealed class LookupLocationTests_Sqlite(SqliteServer server) : LookupLocationTests(server), IClassFixture<SqliteServer>;

public sealed class LookupLocationTests_Postgres(PostgresServer server) : LookupLocationTests(server), IClassFixture<PostgresServer>;
