using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// Primero's record-list filters and sorting (API reference §1.6, §1.7). Every test makes its own cases, named
/// after a label and sharing a marker surname, and lists with <c>query=marker</c> so that it sees only them; the
/// same assertions run on SQLite and PostgreSQL, which is what shows the two give the same answers.
/// </summary>
public abstract class RecordFilterTests(AmparoServer server) : ServerTests(server)
{
    private sealed class Batch(string marker, Dictionary<string, JsonObject> byLabel)
    {
        public string Marker => marker;
        public JsonObject this[string label] => byLabel[label];
        public string LabelOf(string shortId) => byLabel.Single(c => c.Value["short_id"].Str() == shortId).Key;
    }

    /// <summary>Creates one case per (label, answers) as admin; answers are extra JSON members, or empty.</summary>
    private static async Task<Batch> CasesAsync(HttpClient client, params (string Label, string Answers)[] cases)
    {
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var byLabel = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (label, answers) in cases)
        {
            var extra = answers.Length == 0 ? "" : "," + answers;
            byLabel[label] = await client.CreateCaseAsync($$"""{"name_first":"{{label}}","name_last":"{{marker}}"{{extra}} }""");
        }
        return new Batch(marker, byLabel);
    }

    private Task<Batch> CasesAsync(params (string Label, string Answers)[] cases) => CasesAsync(server.AsAdmin(), cases);

    /// <summary>The labels listed, in the server's order.</summary>
    private static async Task<string[]> ListAsync(HttpClient client, Batch batch, string filters)
    {
        var response = await client.GetAsync($"/api/v2/cases?query={batch.Marker}&per=100&{filters}");
        var body = await response.OkBodyAsync();
        var labels = body["data"]!.AsArray().Select(r => batch.LabelOf(r!["short_id"].Str())).ToArray();
        Assert.Equal(labels.Length, body["metadata"]!["total"]!.GetValue<int>());
        return labels;
    }

    private Task<string[]> ListAsync(Batch batch, string filters) => ListAsync(server.AsAdmin(), batch, filters);

    private async Task AssertListsAsync(Batch batch, string filters, params string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await ListAsync(batch, filters)).Order(StringComparer.Ordinal));

    [Fact]
    public async Task Text_MatchesExactly_AndDigitsStayText()
    {
        var batch = await CasesAsync(("f", "\"sex\":\"female\",\"name_nickname\":\"001\""), ("m", "\"sex\":\"male\",\"name_nickname\":\"1\""), ("none", ""));
        await AssertListsAsync(batch, "sex=female", "f");
        await AssertListsAsync(batch, "sex1=male", "m");
        await AssertListsAsync(batch, "name_nickname=001", "f");
        await AssertListsAsync(batch, "name_nickname=1", "m");
        await AssertListsAsync(batch, "sex=Female");
        await AssertListsAsync(batch, "", "f", "m", "none");
    }

    [Fact]
    public async Task AnyOf_CommaListsAndIndexedArrays()
    {
        var batch = await CasesAsync(("f", "\"sex\":\"female\""), ("m", "\"sex\":\"male\""), ("o", "\"sex\":\"other\""));
        await AssertListsAsync(batch, "sex=female,male", "f", "m");
        await AssertListsAsync(batch, "sex[0]=female&sex[1]=other", "f", "o");
        await AssertListsAsync(batch, "sex[]=male&sex[]=other", "m", "o");
        await AssertListsAsync(batch, "status=open,closed", "f", "m", "o");
        await AssertListsAsync(batch, "status[0]=closed");
    }

    [Fact]
    public async Task Booleans_MatchTickBoxesAndRecordState()
    {
        var batch = await CasesAsync(("yes", "\"estimated\":true"), ("no", "\"estimated\":false"), ("unanswered", ""));
        await AssertListsAsync(batch, "estimated=true", "yes");
        await AssertListsAsync(batch, "estimated=false", "no");
        await AssertListsAsync(batch, "estimated=true,false", "yes", "no");
        await AssertListsAsync(batch, "record_state=true", "yes", "no", "unanswered");
        await AssertListsAsync(batch, "record_state=false");
    }

    [Fact]
    public async Task Numbers_MatchAndRange_IncludingOpenEndsAndListsOfRanges()
    {
        var batch = await CasesAsync(("5", "\"age\":5"), ("12", "\"age\":12"), ("18", "\"age\":18"), ("unanswered", ""));
        await AssertListsAsync(batch, "age=12", "12");
        await AssertListsAsync(batch, "age=5,18", "5", "18");
        await AssertListsAsync(batch, "age=10..15", "12");
        await AssertListsAsync(batch, "age=12..18", "12", "18");
        await AssertListsAsync(batch, "age=12..", "12", "18");
        await AssertListsAsync(batch, "age=..12", "5", "12");
        await AssertListsAsync(batch, "age[from]=6&age[to]=17", "12");
        await AssertListsAsync(batch, "age[0]=1..5&age[1]=18..20", "5", "18");
        await AssertListsAsync(batch, "age=1..5,18..20", "5", "18");
    }

    [Fact]
    public async Task Dates_RangeInBothSyntaxes_AnUpperDateIncludesItsDay()
    {
        var batch = await CasesAsync(
            ("2010", "\"date_of_birth\":\"2010-01-15\""), ("2012", "\"date_of_birth\":\"2012-06-30\""), ("2015", "\"date_of_birth\":\"2015-12-31\""), ("unanswered", ""));
        await AssertListsAsync(batch, "date_of_birth=2012-01-01..2015-12-31", "2012", "2015");
        await AssertListsAsync(batch, "date_of_birth[from]=2010-01-15&date_of_birth[to]=2012-06-30", "2010", "2012");
        await AssertListsAsync(batch, "date_of_birth=2012-06-30", "2012");
        await AssertListsAsync(batch, "date_of_birth=2013-01-01..", "2015");
        await AssertListsAsync(batch, "date_of_birth=..2012-06-29T23:59:59Z", "2010");
        await AssertListsAsync(batch, "date_of_birth[0]=2010-01-01..2010-12-31&date_of_birth[1]=2015-01-01..2015-12-31", "2010", "2015");

        // Promoted timestamp and date columns take the same grammar.
        var today = DateTime.UtcNow.Date;
        var (yesterday, tomorrow) = (today.AddDays(-1).ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd"));
        await AssertListsAsync(batch, $"created_at={yesterday}..{tomorrow}", "2010", "2012", "2015", "unanswered");
        await AssertListsAsync(batch, $"created_at[from]={yesterday}&created_at[to]={tomorrow}", "2010", "2012", "2015", "unanswered");
        await AssertListsAsync(batch, "created_at=..2000-01-01");
        await AssertListsAsync(batch, $"registration_date={yesterday}..{tomorrow}", "2010", "2012", "2015", "unanswered");
        await AssertListsAsync(batch, $"registration_date={tomorrow}..");
    }

    [Fact]
    public async Task Or_AndNot()
    {
        var batch = await CasesAsync(("f5", "\"sex\":\"female\",\"age\":5"), ("m18", "\"sex\":\"male\",\"age\":18"), ("m12", "\"sex\":\"male\",\"age\":12"), ("none", ""));
        await AssertListsAsync(batch, "or[sex]=female&or[age]=18", "f5", "m18");
        await AssertListsAsync(batch, "or[age]=1..10&or[age]=18..", "f5", "m18");
        await AssertListsAsync(batch, "or[0][sex]=male&or[0][age]=12&or[1][sex]=female", "f5", "m12");
        // Records without the answer are "not male" too.
        await AssertListsAsync(batch, "not[sex]=male", "f5", "none");
        await AssertListsAsync(batch, "not[age]=10..", "f5", "none");
        await AssertListsAsync(batch, "sex=male&not[age]=12", "m18");
        await AssertListsAsync(batch, "or[unknown_field]=x", "f5", "m18", "m12", "none");
    }

    [Fact]
    public async Task MultiSelect_MatchesWhenTheArrayHoldsAnyListedValue()
    {
        var batch = await CasesAsync(
            ("syr-irq", "\"nationality\":[\"syrian\",\"iraqi\"]"), ("irq", "\"nationality\":[\"iraqi\"]"), ("som", "\"nationality\":[\"somali\"]"), ("none", ""));
        await AssertListsAsync(batch, "nationality=iraqi", "syr-irq", "irq");
        await AssertListsAsync(batch, "nationality=syrian,somali", "syr-irq", "som");
        await AssertListsAsync(batch, "nationality[]=sudanese");
        await AssertListsAsync(batch, "not[nationality]=iraqi", "som", "none");
    }

    [Fact]
    public async Task Location_WithLocPrefix_MatchesDescendants()
    {
        var admin = server.AsAdmin();
        var x = "X" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var y = "Y" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        foreach (var (code, parent) in new[] { (x, ""), (x + "01", x), (x + "0101", x + "01"), (x + "02", x), (y, "") })
        {
            var parentJson = parent.Length == 0 ? "" : $$""","parent_code":"{{parent}}" """;
            (await admin.PostAsync("/api/v2/locations", Http.Json($$"""{"data":{"code":"{{code}}","placename":{"en":"{{code}}"}{{parentJson}} } }"""))).EnsureSuccessStatusCode();
        }
        var batch = await CasesAsync(
            ("x", $"\"location_current\":\"{x}\""), ("x01", $"\"location_current\":\"{x}01\""),
            ("x0101", $"\"location_current\":\"{x}0101\""), ("x02", $"\"location_current\":\"{x}02\""),
            ("y", $"\"location_current\":\"{y}\""), ("none", ""));
        await AssertListsAsync(batch, $"loc:location_current={x}01", "x01", "x0101");
        await AssertListsAsync(batch, $"loc:location_current={x}", "x", "x01", "x0101", "x02");
        await AssertListsAsync(batch, $"loc:location_current={x}0101,{y}", "x0101", "y");
        await AssertListsAsync(batch, $"location_current={x}01", "x01");
        await AssertListsAsync(batch, $"not[loc:location_current]={x}01", "x", "x02", "y", "none");
        await AssertListsAsync(batch, "loc:location_current=NOWHERE");
    }

    [Fact]
    public async Task Id_FiltersOnThePrimaryKey()
    {
        var batch = await CasesAsync(("a", ""), ("b", ""), ("c", ""));
        await AssertListsAsync(batch, $"id={batch["a"]["id"].Str()}", "a");
        await AssertListsAsync(batch, $"id={batch["a"]["id"].Str()},{batch["c"]["id"].Str()}", "a", "c");
        await AssertListsAsync(batch, $"short_id={batch["b"]["short_id"].Str()}", "b");
        await AssertListsAsync(batch, $"unique_identifier={batch["b"]["unique_identifier"].Str()}", "b");
    }

    [Theory]
    [InlineData("age=abc")]
    [InlineData("age=1..abc")]
    [InlineData("estimated=maybe")]
    [InlineData("date_of_birth=31/12/2010")]
    [InlineData("registration_date=yesterday")]
    [InlineData("created_at=2020-13-45..")]
    [InlineData("id=not-a-uuid")]
    [InlineData("record_state=enabled")]
    [InlineData("sex=1..5")]
    public async Task UnparseableValue_MatchesNothing_With200(string filter)
    {
        var batch = await CasesAsync(("a", "\"age\":12,\"sex\":\"female\",\"estimated\":true,\"date_of_birth\":\"2010-12-31\""));
        var response = await server.AsAdmin().GetAsync($"/api/v2/cases?query={batch.Marker}&{filter}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.OkBodyAsync();
        Assert.Empty(body["data"]!.AsArray());
        Assert.Equal(0, body["metadata"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task UnknownAndReservedParameters_AreNotFilters()
    {
        var batch = await CasesAsync(("a", "\"sex\":\"female\""), ("b", "\"sex\":\"male\""));
        await AssertListsAsync(batch, "no_such_field=1&sex9=male&fields=short&total=true&id_search=false&format=json", "a", "b");
    }

    [Fact]
    public async Task FieldTheUserCannotRead_IsIgnored()
    {
        // Created first, but the older: ordering by age would put "m" first.
        var batch = await CasesAsync(("f", "\"sex\":\"female\",\"age\":9"), ("m", "\"sex\":\"male\",\"age\":4"));
        var role = "role-nofields-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", """{"case":["read"]}""", "{}");
        var (user, password) = await server.CreateUserAsync("all", roleUniqueId: role);
        var blind = server.As(user, password);

        Assert.Equal(["f", "m"], (await ListAsync(blind, batch, "sex=male&age=4&not[sex]=female&or[age]=9")).Order(StringComparer.Ordinal));
        // Sorting on an unreadable answer sorts by creation instead, revealing nothing.
        Assert.Equal(["f", "m"], await ListAsync(blind, batch, "order_by=age&order=asc"));
        Assert.Equal(["m", "f"], await ListAsync(blind, batch, "order_by=age&order=desc"));
        Assert.Equal(["m", "f"], await ListAsync(server.AsAdmin(), batch, "order_by=age&order=asc"));
        // The same user may still filter on system fields.
        Assert.Equal(["f"], await ListAsync(blind, batch, $"short_id={batch["f"]["short_id"].Str()}"));
        Assert.Empty(await ListAsync(blind, batch, "status=closed"));
    }

    [Fact]
    public async Task Sort_ByANumericAnswer_AsNumbers_MissingLast()
    {
        var batch = await CasesAsync(("100", "\"age\":100"), ("unanswered", ""), ("9", "\"age\":9"), ("10", "\"age\":10"));
        Assert.Equal(["9", "10", "100", "unanswered"], await ListAsync(batch, "order_by=age&order=asc"));
        Assert.Equal(["100", "10", "9", "unanswered"], await ListAsync(batch, "order_by=age&order=desc"));
    }

    [Fact]
    public async Task Sort_ByATextAnswer_MissingLast()
    {
        var batch = await CasesAsync(("b", "\"name_nickname\":\"beta\""), ("a", "\"name_nickname\":\"alpha\""), ("none", ""), ("g", "\"name_nickname\":\"gamma\""));
        Assert.Equal(["a", "b", "g", "none"], await ListAsync(batch, "order_by=name_nickname&order=asc"));
        Assert.Equal(["g", "b", "a", "none"], await ListAsync(batch, "order_by=name_nickname&order=desc"));
        Assert.Equal(["a", "b", "g", "none"], await ListAsync(batch, "order_by=name_first&order=asc"));
    }

    [Fact]
    public async Task ThousandsOfValues_StillAnswer()
    {
        var batch = await CasesAsync(("7", "\"age\":7,\"sex\":\"female\""), ("8", "\"age\":8"));
        var ages = string.Join(',', Enumerable.Range(1000, 2000).Append(7));
        var names = string.Join(',', Enumerable.Range(0, 2000).Select(i => "n" + i).Append("female"));
        await AssertListsAsync(batch, $"age={ages}&or[sex]={names}&or[age]=8", "7");
        await AssertListsAsync(batch, $"id={string.Join(',', Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).Append(Guid.Parse(batch["8"]["id"].Str())))}", "8");
        // Thousands of ranges would nest too deep for SQLite: such a filter matches nothing, on both databases.
        var ranges = string.Join(',', Enumerable.Range(0, 1000).Select(i => $"{i}..{i}"));
        await AssertListsAsync(batch, $"age={ranges}");
        await AssertListsAsync(batch, $"age={string.Join(',', Enumerable.Range(0, 100).Select(i => $"{i}..{i}"))}", "7", "8");
    }

    [Fact]
    public async Task Filters_CountTheTotalInTheDatabase_AcrossPages()
    {
        var batch = await CasesAsync(("1", "\"age\":1"), ("2", "\"age\":2"), ("3", "\"age\":3"), ("4", "\"age\":40"));
        var body = await (await server.AsAdmin().GetAsync($"/api/v2/cases?query={batch.Marker}&age=..10&per=2&page=2&order_by=age&order=asc")).OkBodyAsync();
        Assert.Equal(3, body["metadata"]!["total"]!.GetValue<int>());
        Assert.Equal(["3"], body["data"]!.AsArray().Select(r => batch.LabelOf(r!["short_id"].Str())));
    }
}

public sealed class RecordFilterTests_Sqlite(SqliteServer server) : RecordFilterTests(server), IClassFixture<SqliteServer>;

public sealed class RecordFilterTests_Postgres(PostgresServer server) : RecordFilterTests(server), IClassFixture<PostgresServer>;
