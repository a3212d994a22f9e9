using Amparo.Server.Features.Records;
using Microsoft.AspNetCore.WebUtilities;

namespace Amparo.Server.Tests;

/// <summary>The query string → filter tree step of record lists, without a server (API reference §1.7).</summary>
public sealed class RecordFilterParserTests
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "status", "sex", "age", "created_at", "location_current", "id", "nationality", "record_state", "address_line1",
    };

    private static string? Resolve(string name)
    {
        if (Fields.Contains(name)) return name;
        return name.Length > 1 && name[^1] is >= '0' and <= '5' && Fields.Contains(name[..^1]) ? name[..^1] : null;
    }

    private static string[] Parse(string query) =>
        [.. RecordFilterParser.Parse(QueryHelpers.ParseQuery(query), Resolve).Select(f => f.Describe())];

    [Theory]
    [InlineData("status=open", "status in [open]")]
    [InlineData("status=open,closed", "status in [open, closed]")]
    [InlineData("status=open, closed,", "status in [open, closed]")]
    [InlineData("status[0]=open&status[1]=closed", "status in [open, closed]")]
    [InlineData("status[]=open&status[]=closed", "status in [open, closed]")]
    [InlineData("record_state=true", "record_state in [true]")]
    [InlineData("age=10..15", "age in [10..15]")]
    [InlineData("age=18..", "age in [18..]")]
    [InlineData("age=..5", "age in [..5]")]
    [InlineData("age[0]=1..5&age[1]=10..15", "age in [1..5, 10..15]")]
    [InlineData("age=1..5,10..15", "age in [1..5, 10..15]")]
    [InlineData("created_at[from]=2020-01-01&created_at[to]=2020-12-31", "created_at in [2020-01-01..2020-12-31]")]
    [InlineData("created_at[from]=2020-01-01", "created_at in [2020-01-01..]")]
    [InlineData("created_at=2020-03-02T09:06:50-06:00..2020-04-01", "created_at in [2020-03-02T09:06:50-06:00..2020-04-01]")]
    [InlineData("or[sex]=female&or[age]=5", "or(sex in [female]; age in [5])")]
    [InlineData("or[0][sex]=female&or[0][age]=5&or[1][status]=closed", "or(and(sex in [female]; age in [5]); status in [closed])")]
    [InlineData("not[status]=closed", "not(status in [closed])")]
    [InlineData("not[status][]=closed&not[status][]=duplicate", "not(status in [closed, duplicate])")]
    [InlineData("loc:location_current=ABC", "loc:location_current in [ABC]")]
    [InlineData("loc:location_current=ABC,DEF", "loc:location_current in [ABC, DEF]")]
    [InlineData("or[loc:location_current]=ABC&or[sex]=male", "or(loc:location_current in [ABC]; sex in [male])")]
    [InlineData("id=7a1b,9c2d", "id in [7a1b, 9c2d]")]
    [InlineData("sex1=male", "sex in [male]")]
    [InlineData("not[not][not][not][not][sex]=male", "not(not(not(not(not(sex in [male])))))")]
    [InlineData("address_line1=x", "address_line1 in [x]")]
    public void OneFilter(string query, string expected) => Assert.Equal([expected], Parse(query));

    [Fact]
    public void SeveralParameters_AreSeveralFilters_AllToHold() =>
        Assert.Equal(["status in [open]", "record_state in [true]", "sex in [female]", "sex in [male]"],
            Parse("status=open&record_state=true&sex0=female&sex1=male"));

    [Theory]
    [InlineData("page=2&per=5&order=asc&order_by=age&fields=short&total=true&query=amina&id_search=true&query_scope=full&phonetic=true&phone_number=true&format=json")]
    [InlineData("unknown=1&sex9=male&name_first=x")]
    [InlineData("status=&age[]=")]
    [InlineData("status[0=open&]x=1&[0]=a&status]=b")]
    [InlineData("or[unknown]=1&not[unknown]=2&loc:unknown=X&or=1&not=2")]
    [InlineData("not[not][not][not][not][not][sex]=male")]
    public void NoFilter(string query) => Assert.Empty(Parse(query));

    [Theory]
    [InlineData("12", 12.0)]
    [InlineData("-3", -3.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("abc", null)]
    [InlineData("1e5", null)]
    [InlineData("NaN", null)]
    [InlineData("", null)]
    [InlineData("-", null)]
    [InlineData("1.2.3", null)]
    public void Numbers(string text, double? expected) => Assert.Equal(expected, RecordFilterQuery.ParseNumber(text));

    [Theory]
    [InlineData("2020-02-29", "2020-02-29", null)]
    [InlineData("2020-03-02T09:06:50-06:00", "2020-03-02", "2020-03-02T15:06:50.0000000+00:00")]
    [InlineData("2020-03-02T09:06:50 06:00", "2020-03-02", "2020-03-02T03:06:50.0000000+00:00")]
    [InlineData("2020-03-02T09:06:50Z", "2020-03-02", "2020-03-02T09:06:50.0000000+00:00")]
    [InlineData("2020-03-02T09:06:50", "2020-03-02", "2020-03-02T09:06:50.0000000+00:00")]
    public void Dates(string text, string date, string? time)
    {
        var parsed = RecordFilterQuery.ParseDate(text);
        Assert.NotNull(parsed);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), parsed.Value.Date);
        Assert.Equal(time, parsed.Value.Time?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2020-02-30")]
    [InlineData("31/12/2010")]
    [InlineData("yesterday")]
    [InlineData("2020-13-01T00:00:00Z")]
    public void NotDates(string text) => Assert.Null(RecordFilterQuery.ParseDate(text));
}
