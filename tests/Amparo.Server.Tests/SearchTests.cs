using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Search;

namespace Amparo.Server.Tests;

/// <summary>Name keys across spellings and scripts, checked on Primero's sample name lists (read from ../shared).</summary>
public sealed class SearchKeyTests
{
    [Theory]
    [InlineData("Mohammed", "Muhammad", "Mohamad", "محمد")]
    [InlineData("Aisha", "Ayesha", "Aysha", "عائشة")]
    [InlineData("Hussein", "Husain", "Hossain", "حسين")]
    [InlineData("Yousef", "Yusuf", "Youssef", "يوسف")]
    [InlineData("Catherine", "Katherine", "Kathrine", "Catharine")]
    [InlineData("Fatima", "Fatimah", "Fatema", "فاطمة")]
    public void Spellings_OfOneName_ShareAKey(string a, string b, string c, string d)
    {
        var key = SearchKeys.NameKey(a);
        Assert.NotNull(key);
        Assert.All(new[] { b, c, d }, n => Assert.Equal(key, SearchKeys.NameKey(n)));
    }

    [Theory]
    [InlineData("Maria", "Mark")]
    [InlineData("Omar", "Khalid")]
    [InlineData("Laila", "Nadia")]
    public void DifferentNames_KeepDifferentKeys(string a, string b) =>
        Assert.NotEqual(SearchKeys.NameKey(a), SearchKeys.NameKey(b));

    /// <summary>A key favours finding over telling apart: names written alike without vowels meet, as in Arabic script.</summary>
    [Fact]
    public void NamesThatDifferOnlyInVowels_Meet() => Assert.Equal(SearchKeys.NameKey("Hassan"), SearchKeys.NameKey("Hussein"));

    [Theory]
    [InlineData("arabic_names.csv")]
    [InlineData("arabic_surnames.csv")]
    [InlineData("english_names.csv")]
    [InlineData("english_surnames.csv")]
    [InlineData("spanish_names.csv")]
    [InlineData("spanish_surnames.csv")]
    [InlineData("swahili_names.csv")]
    public void EveryNameOfTheSampleLists_HasAKey_AndTheListsOwnVariantsMeet(string file)
    {
        var names = File.ReadAllLines(SharedFixtures.Find("primero-data/" + file)).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.False(string.IsNullOrEmpty(SearchKeys.NameKey(n)), n));
        // The lists spell some names twice (A'idah / Aa'idah): those pairs must find each other.
        if (file == "arabic_names.csv")
        {
            Assert.Equal(SearchKeys.NameKey("A'idah"), SearchKeys.NameKey("Aa'idah"));
            Assert.Contains("A'idah", names);
            Assert.Contains("Aa'idah", names);
        }
    }

    [Theory]
    [InlineData("+254 711 222 333", "0711222333")]
    [InlineData("(077) 123-4567", "+962 77 123 4567")]
    [InlineData("٠٧٩١٢٣٤٥٦٧", "0791234567")]
    public void PhoneNumbers_WrittenDifferently_ShareAKey(string a, string b) =>
        Assert.Equal(SearchKeys.PhoneKey(a), SearchKeys.PhoneKey(b));
}

/// <summary>Search through the API: by sound, by phone number, and beyond the scope for roles allowed to.</summary>
public abstract class SearchTests(AmparoServer server) : ServerTests(server)
{
    private static async Task<JsonArray> FindAsync(HttpClient client, string query) =>
        (await (await client.GetAsync("/api/v2/cases?" + query)).OkBodyAsync())["data"]!.AsArray();

    [Fact]
    public async Task PhoneticSearch_FindsTheNameWhateverItsSpellingOrScript_EveryWordMustMatch()
    {
        var admin = server.AsAdmin();
        var surname = "Zq" + Guid.NewGuid().ToString("N")[..5];
        var latin = (await admin.CreateCaseAsync($$"""{"name_first":"Mohammed","name_last":"{{surname}}"}"""))["short_id"].Str();
        var arabic = (await admin.CreateCaseAsync($$"""{"name_first":"محمد","name_last":"{{surname}}"}"""))["short_id"].Str();
        await admin.CreateCaseAsync($$"""{"name_first":"Omar","name_last":"{{surname}}"}""");

        var found = await FindAsync(admin, $"query=Muhamad%20{surname}&phonetic=true");
        Assert.Equal(new[] { latin, arabic }.Order(), found.Select(r => r!["short_id"].Str()).Order());
        Assert.Empty(await FindAsync(admin, $"query=Muhamad%20Nobody{surname}&phonetic=true"));
    }

    [Fact]
    public async Task PhoneSearch_MatchesTheNumberWrittenAnotherWay()
    {
        var admin = server.AsAdmin();
        var digits = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = (await admin.CreateCaseAsync($$"""{"name_first":"Nour","telephone_current":"+254 7{{digits}}"}"""))["short_id"].Str();
        var found = await FindAsync(admin, $"query=07{digits}&phone_number=true");
        Assert.Equal([id], found.Select(r => r!["short_id"].Str()));
        Assert.Empty(await FindAsync(admin, "query=12&phone_number=true"));
    }

    [Fact]
    public async Task SearchOwnedByOthers_ShowsOutOfScopeHitsAsSummaries_OnlyToRolesAllowedIt()
    {
        var role = "role-search-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "self", """{"case":["read","create","search_owned_by_others"]}""");
        var (searcher, password) = await server.CreateUserAsync("self", roleUniqueId: role);
        var (other, otherPassword) = await server.CreateUserAsync("self");
        var surname = "Qx" + Guid.NewGuid().ToString("N")[..5];
        var theirs = (await server.As(other, otherPassword).CreateCaseAsync($$"""{"name_first":"Rania","name_last":"{{surname}}","telephone_current":"0799000111"}"""))["short_id"].Str();

        var hits = await FindAsync(server.As(searcher, password), $"query=Rania%20{surname}&phonetic=true");
        var hit = Assert.Single(hits)!;
        Assert.Equal(theirs, hit["short_id"].Str());
        Assert.False(hit["record_in_scope"]!.GetValue<bool>());
        Assert.Null(hit["telephone_current"]); // a summary, not the record

        // The same search in the ordinary list stays within the scope; a role without the permission finds nothing.
        Assert.Empty(await FindAsync(server.As(searcher, password), $"query={surname}"));
        var (plain, plainPassword) = await server.CreateUserAsync("self");
        Assert.Empty(await FindAsync(server.As(plain, plainPassword), $"query=Rania%20{surname}&phonetic=true"));
    }
}

public sealed class SearchTests_Sqlite(SqliteServer server) : SearchTests(server), IClassFixture<SqliteServer>;

public sealed class SearchTests_Postgres(PostgresServer server) : SearchTests(server), IClassFixture<PostgresServer>;
