using System.Text.Json.Nodes;
using Amparo.Web.Services;

namespace Amparo.Web.Tests;

/// <summary>The list state as the address and a saved search keep it.</summary>
public sealed class RecordListQueryTests
{
    [Fact]
    public void NoQueryString_MeansPrimerosDefaults_ButAnyChosenStateHasNone()
    {
        Assert.Equal(new Dictionary<string, string> { ["record_state"] = "true", ["status"] = "open" }, RecordListQuery.FromQueryString("").Filters);
        Assert.Empty(RecordListQuery.FromQueryString("?page=1").Filters);
    }

    [Fact]
    public void QueryString_RoundTrips_WithLocationPrefixesRangesAndSearchMode()
    {
        var query = RecordListQuery.FromQueryString("?loc:location_current=SY02&age=5..10&sex=female,male&query=%2B44%20770&phone_number=true&order_by=age&order=asc&page=3&per=50");
        Assert.Equal("SY02", query.Filters["loc:location_current"]);
        Assert.Equal("5..10", query.Filters["age"]);
        Assert.Equal("female,male", query.Filters["sex"]);
        Assert.Equal("+44 770", query.Search);
        Assert.Equal(SearchMode.Phone, query.Mode);
        Assert.Equal(("age", false, 3, 50), (query.OrderBy, query.Descending, query.Page, query.Per));
        Assert.Equal(query, RecordListQuery.FromQueryString(query.ToQueryString()) with { Filters = query.Filters });
        Assert.Equal(query.Filters, RecordListQuery.FromQueryString(query.ToQueryString()).Filters);
    }

    [Theory]
    [InlineData("per=0", 20)]
    [InlineData("per=5000", 20)]
    [InlineData("per=abc", 20)]
    [InlineData("per=100", 100)]
    public void APageSizeOutsideTheApisBounds_FallsBackTo20(string parameter, int expected) =>
        Assert.Equal(expected, RecordListQuery.FromQueryString(parameter).Per);

    [Fact]
    public void SavedFilters_UsePrimerosShapes_AndReadBackToTheSameList()
    {
        var query = RecordListQuery.FromQueryString("?sex=female,male&age=..12&registration_date=2026-01-01..2026-06-30&flagged=true&query=haddad&phonetic=true&page=4");
        var saved = query.ToSavedFilters();
        var byName = saved.ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.ToJsonString());
        Assert.Equal("""["female","male"]""", byName["sex"]);
        Assert.Equal("""[{"to":"12"}]""", byName["age"]);
        Assert.Equal("""[{"from":"2026-01-01","to":"2026-06-30"}]""", byName["registration_date"]);
        Assert.Equal("\"haddad\"", byName["query"]);
        Assert.False(byName.ContainsKey("page"));

        var back = RecordListQuery.FromSavedFilters(saved);
        Assert.Equal(query.Filters, back.Filters);
        Assert.Equal((query.Search, query.Mode, 1), (back.Search, back.Mode, back.Page));
    }

    [Fact]
    public void SavedFilters_FromPrimero_WithBooleansAndObjects_AreRead_AndUnreadableOnesSkipped()
    {
        var filters = JsonNode.Parse("""
            [{"name":"record_state","value":[true]},{"name":"age","value":{"from":3}},{"name":"","value":["x"]},{"name":"sex","value":[]},{"name":"status","value":"open"}]
            """)!.AsArray();
        var query = RecordListQuery.FromSavedFilters(filters);
        Assert.Equal(new Dictionary<string, string> { ["age"] = "3..", ["record_state"] = "true", ["status"] = "open" }, query.Filters);
    }
}
