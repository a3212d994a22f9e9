using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>Issue 15: malformed input is a 4xx in the envelope with nothing written, sizes are bounded, every answer carries the security headers.</summary>
public abstract class HardeningTests(AmparoServer server) : ServerTests(server)
{
    private static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent Raw(string text) => Raw(Encoding.UTF8.GetBytes(text));

    /// <summary>An anonymous browser call (sign-in, password reset) with the CSRF token it needs, and a body as sent.</summary>
    private async Task<HttpResponseMessage> AnonymousAsync(string url, HttpContent body)
    {
        var browser = server.Browser();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body };
        request.Headers.Add("X-CSRF-Token", (await browser.GetAsync("/api/v2/primero")).Csrf());
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task DuplicateKeys_AnywhereInABody_Are422_AndNothingIsWritten()
    {
        var admin = server.AsAdmin();
        var before = await server.CountRecordsAsync();
        var token = await (await AnonymousAsync("/api/v2/tokens", Raw("""{"user":{"user_name":"a","user_name":"b","password":"x"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("repeats a key", token["detail"].Str(), StringComparison.Ordinal);
        await (await admin.PostAsync("/api/v2/cases", Raw("""{"data":{"name_first":"a","name_first":"b"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await server.CountRecordsAsync());

        var created = await admin.CreateCaseAsync("""{"name_first":"Dup"}""");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/cases/{created["id"].Str()}") { Content = Raw("""{"data":{},"data":{"name_first":"Changed"}}""") };
        await (await admin.SendAsync(patch)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var after = await (await admin.GetAsync($"/api/v2/cases/{created["id"].Str()}")).OkBodyAsync();
        Assert.Equal("Dup", after["data"]!["name_first"].Str());
    }

    [Fact]
    public async Task InvalidUnicodeAndNul_Are422_NamingWhere_AndNothingIsWritten()
    {
        var token = await (await AnonymousAsync("/api/v2/tokens", Raw("""{"user":{"user_name":"\udfff","password":"x"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("user_name", token["message"].Str(), StringComparison.Ordinal);
        await (await AnonymousAsync("/api/v2/users/password-reset-request", Raw("""{"user":{"email":"\ud800@x.org"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        var admin = server.AsAdmin();
        var groups = (await (await admin.GetAsync("/api/v2/user_groups?per=1000")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>();
        var rawName = Encoding.UTF8.GetBytes("""{"data":{"name":"Group X","description":"d"}}""");
        var broken = rawName.Take(23).Concat(new byte[] { 0xff, 0xfe }).Concat(rawName.Skip(23)).ToArray();
        await (await admin.PostAsync("/api/v2/user_groups", Raw(broken))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(groups, (await (await admin.GetAsync("/api/v2/user_groups?per=1000")).OkBodyAsync())["metadata"]!["total"]!.GetValue<int>());

        var records = await server.CountRecordsAsync();
        var nul = await (await admin.PostAsync("/api/v2/cases", Raw("""{"data":{"name_first":"a\u0000b"}}"""))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("name_first", nul["message"].Str(), StringComparison.Ordinal);
        Assert.Equal(records, await server.CountRecordsAsync());
        var created = await admin.CreateCaseAsync("""{"name_first":"Assignee"}""");
        await (await admin.PostAsync($"/api/v2/cases/{created["id"].Str()}/assigns", Raw("""{"data":{"transitioned_to":"admin\u0000","notes":"x"}}""")))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task TextLongerThanItsColumn_Is422_NamingTheColumn_OnBothDatabases()
    {
        var admin = server.AsAdmin();
        var group = await (await admin.PostAsync("/api/v2/user_groups", Http.Json(new JsonObject { ["data"] = new JsonObject { ["name"] = new string('g', 201) } })))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("name", group["detail"].Str());
        var agency = await (await admin.PostAsync("/api/v2/agencies", Http.Json(new JsonObject { ["data"] = new JsonObject { ["agency_code"] = new string('A', 101), ["name"] = new JsonObject { ["en"] = "Long" } } })))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("agency_code", agency["detail"].Str());
        var list = await (await admin.GetAsync("/api/v2/agencies?per=1000")).OkBodyAsync();
        Assert.DoesNotContain(list["data"]!.AsArray(), a => a!["agency_code"]?.GetValue<string>().Length > 100);
    }

    [Theory]
    [InlineData("/api/v2/cases?page=3000000&per=1000")]
    [InlineData("/api/v2/users?page=2147483647&per=1000")]
    [InlineData("/api/v2/audit_logs?page=2147483647&per=1000")]
    [InlineData("/api/v2/roles?page=2147483647&per=2147483647")]
    public async Task APageFarPastTheEnd_IsEmpty_EvenWhenPageTimesPerOverflows(string url)
    {
        await server.AsAdmin().CreateCaseAsync("""{"name_first":"Paged"}""");
        var page = await (await server.AsAdmin().GetAsync(url)).OkBodyAsync();
        Assert.Empty(page["data"]!.AsArray());
        Assert.True(page["metadata"]!["per"]!.GetValue<int>() <= 1000);
    }

    [Fact]
    public async Task ANulInAQueryParameter_Is422_NamingTheParameter()
    {
        var error = await (await server.AsAdmin().GetAsync("/api/v2/audit_logs?record_type[0]=%00")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("record_type[0]", error["detail"].Str());
    }

    [Fact]
    public async Task ConcurrentFlagsOnOneCase_AllSucceed()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Flagged"}"""))["id"].Str();
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            server.AsAdmin().PostAsync($"/api/v2/cases/{id}/flags", Http.Json($$"""{"data":{"message":"Flag {{i}}","date":"2026-11-20"} }"""))));
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, $"{(int)a.StatusCode} {a.Content.ReadAsStringAsync().Result}"));
        var flags = await (await admin.GetAsync($"/api/v2/cases/{id}/flags")).OkBodyAsync();
        Assert.Equal(24, flags["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task AMillionCharacterAnswer_Is422_NamingTheField_AndNotStored()
    {
        var before = await server.CountRecordsAsync();
        var error = await (await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json(new JsonObject { ["data"] = new JsonObject { ["name_first"] = new string('x', 1_000_000) } })))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("/name_first", error["detail"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await server.CountRecordsAsync());
        // A long answer within the limit is kept.
        await server.AsAdmin().CreateCaseAsync($$"""{"name_first":"{{new string('y', 1000)}}"}""");
    }

    /// <summary>A body without a length: sent in chunks, as the issue's 5 MB bodies that slipped past the limit were.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task ALargePage_WrittenASliceAtATime_HoldsTheSameRecordsInTheSameOrderAsSmallPages()
    {
        var admin = server.AsAdmin();
        var token = "slice" + Guid.NewGuid().ToString("N")[..8];
        // Past two slices of 100 and into a third, so the page is loaded and written in three parts.
        for (var batch = 0; batch < 25; batch++)
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => admin.CreateCaseAsync($$"""{"name_first":"{{token}}","name_last":"n{{batch * 10 + i}}"}""")));

        var large = await (await admin.GetAsync($"/api/v2/cases?query={token}&per=1000")).OkBodyAsync();
        var small = new JsonArray();
        for (var page = 1; page <= 3; page++)
            foreach (var record in (await (await admin.GetAsync($"/api/v2/cases?query={token}&per=100&page={page}")).OkBodyAsync())["data"]!.AsArray())
                small.Add(record!.DeepClone());

        Assert.Equal(250, large["data"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(small, large["data"]), "the large page differs from the small pages put together");
        Assert.Equal("""{"total":250,"per":1000,"page":1}""", large["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimit_Is413_InTheEnvelope()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"data":{"name_first":"{{new string('c', 5 * 1024 * 1024)}}"} }""");
        var content = new ChunkedContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        // Not AsAdmin(): a client that follows redirects buffers a body to be able to send it again, which gives it a
        // length, and the body would be refused by its Content-Length without ever being counted as it arrives.
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = server.AsAdmin().DefaultRequestHeaders.Authorization;
        var before = await server.CountRecordsAsync();
        await (await client.PostAsync("/api/v2/cases", content)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await server.CountRecordsAsync());
    }

    [Theory]
    [InlineData("/api/v2/roles?per=5000")]
    [InlineData("/api/v2/audit_logs?per=5000")]
    [InlineData("/api/v2/cases?per=5000")]
    // Locations are the one list Primero does not cap (its client loads the whole tree): PrimeroClientContractTests.
    public async Task Per_IsCappedOnEveryList(string url)
    {
        var page = await (await server.AsAdmin().GetAsync(url)).OkBodyAsync();
        Assert.Equal(1000, page["metadata"]!["per"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreatingWithAnotherTenantsRecordId_AnswersAsAnUnusableId_NotAsATakenOne()
    {
        const string host = "oracle-agency.example";
        await server.AddTenantAsync(host);
        var (user, password) = await server.CreateUserAsync("all", host);
        var other = server.As(user, password);
        other.BaseAddress = new Uri($"http://{host}/");
        var mine = (await server.AsAdmin().CreateCaseAsync("""{"name_first":"Mine"}"""))["id"].Str();
        var before = await server.CountRecordsAsync();

        var foreign = await other.PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"id":"{{mine}}","name_first":"Probe"} }"""));
        var malformed = await other.PostAsync("/api/v2/cases", Http.Json("""{"data":{"id":"not-a-uuid","name_first":"Probe"}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        var foreignText = (await foreign.Content.ReadAsStringAsync()).Replace(mine, "ID", StringComparison.Ordinal);
        Assert.Equal(await malformed.Content.ReadAsStringAsync(), foreignText);
        Assert.Equal(before, await server.CountRecordsAsync());
        var original = await (await server.AsAdmin().GetAsync($"/api/v2/cases/{mine}")).OkBodyAsync();
        Assert.Equal("Mine", original["data"]!["name_first"].Str());

        // Within its own tenant a taken id is still Primero's 409, and a fresh one is created.
        await (await server.AsAdmin().PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"id":"{{mine}}","name_first":"Again"} }"""))).ErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsync("/api/v2/cases", Http.Json($$"""{"data":{"id":"{{Guid.NewGuid()}}","name_first":"Fresh"} }"""))).StatusCode);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{(int)response.StatusCode} without CSP");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_ErrorsAndFrameworkAnswersIncluded()
    {
        var admin = server.AsAdmin();
        AssertSecurityHeaders(await admin.GetAsync("/api/v2/no-such-endpoint"));
        AssertSecurityHeaders(await admin.DeleteAsync("/api/v2/tokens/whatever/else"));
        AssertSecurityHeaders(await admin.PutAsync("/api/v2/primero", Http.Json("{}")));
        var tooLarge = new ByteArrayContent(new byte[5 * 1024 * 1024]);
        tooLarge.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        AssertSecurityHeaders(await admin.PostAsync("/api/v2/cases", tooLarge));

        // A server error: the body stream fails under a real endpoint, and the exception handler answers.
        server.ExpectErrors("The test's request body failed");
        using var failing = server.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, FailingBodyFilter>()));
        var client = failing.CreateClient();
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var error = await client.PostAsync("/api/v2/cases", Http.Json("""{"data":{}}"""));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        AssertSecurityHeaders(error);
    }

    private sealed class FailingBodyFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                context.Request.Body = new FailingStream();
                return inner(context);
            });
            next(app);
        };
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The test's request body failed");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The test's request body failed");
    }
}

public sealed class HardeningTests_Sqlite(SqliteServer server) : HardeningTests(server), IClassFixture<SqliteServer>;

public sealed class HardeningTests_Postgres(PostgresServer server) : HardeningTests(server), IClassFixture<PostgresServer>;
