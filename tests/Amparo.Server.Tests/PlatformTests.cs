using System.Net;

namespace Amparo.Server.Tests;

// On a fresh database: the log test covers what the first start (migrations, the admin's creation) logs too.
public sealed class PlatformTests(FreshSqliteServer server) : ServerTests(server), IClassFixture<FreshSqliteServer>
{
    [Fact]
    public async Task Health_AnswersOk()
    {
        var body = await (await server.Browser().GetAsync("/health")).OkBodyAsync();
        Assert.Equal("ok", body["status"].Str());
        Assert.Equal(HttpStatusCode.NoContent, (await server.Browser().GetAsync("/health/server?session=true")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v2/primero")]
    [InlineData("/api/v2//primero")]
    public async Task Bootstrap_IsPublic_AndAnswersOnPrimerosDoubleSlashPath(string path)
    {
        var body = await (await server.Browser().GetAsync(path)).OkBodyAsync();
        Assert.Contains("fr", body["data"]!["locales"]!.AsArray().Select(l => l.Str()));
    }

    [Theory]
    [InlineData("/api/v2/primero")]
    [InlineData("/")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        var response = await server.Browser().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval'", csp.Replace("wasm-unsafe-eval'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP: HSTS would be meaningless
    }

    [Fact]
    public async Task Client_IsServedAtTheRoot_AndForDeepLinks()
    {
        foreach (var path in new[] { "/", "/cases/new" })
        {
            var html = await (await server.Browser().GetAsync(path)).Content.ReadAsStringAsync();
            Assert.Contains("_framework/blazor.webassembly", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownApiPath_IsAJson404_NotTheClientPage()
    {
        var response = await server.AsAdmin().GetAsync("/api/v2/no_such_thing");
        await response.ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var doc = await (await server.Browser().GetAsync("/openapi/v1.json")).OkBodyAsync();
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v2/cases", paths);
        Assert.Contains("/api/v2/cases/{id}", paths);
        Assert.Contains("/api/v2/tokens", paths);
    }

    [Fact]
    public async Task Forms_ListsTheBuiltInBasicIdentityForm_InTheCpModule()
    {
        var forms = await (await server.AsAdmin().GetAsync("/api/v2/forms?record_type=case&module_id=primeromodule-cp")).OkBodyAsync();
        var identity = forms["data"]!.AsArray().Single(f => f!["unique_id"].Str() == "basic_identity")!;
        var fields = identity["fields"]!.AsArray().ToDictionary(f => f!["name"].Str(), f => f!["type"].Str());
        Assert.Equal("text_field", fields["name_first"]);
        Assert.Equal("text_field", fields["name_last"]);
        Assert.Equal("select_box", fields["sex"]);
        Assert.Equal("numeric_field", fields["age"]);
        Assert.Equal("date_field", fields["date_of_birth"]);
        Assert.Equal("Prénom", identity["fields"]!.AsArray().Single(f => f!["name"].Str() == "name_first")!["display_name"]!["fr"].Str());

        var modules = await (await server.AsAdmin().GetAsync("/api/v2/primero_modules")).OkBodyAsync();
        Assert.Contains(modules["data"]!.AsArray(), m => m!["unique_id"].Str() == "primeromodule-cp");
    }

    [Fact]
    public async Task Logs_NeverContainNamesPasswordsOrSearchTerms()
    {
        var (user, password) = await server.CreateUserAsync();
        var client = server.As(user, password);
        var name = "Secretname" + Guid.NewGuid().ToString("N")[..8];
        var created = await client.CreateCaseAsync($$"""{"name_first":"{{name}}","telephone_current":"+254711222333"}""");
        await (await client.GetAsync($"/api/v2/cases?query={name}")).OkBodyAsync();
        await (await client.PatchJsonAsync($"/api/v2/cases/{created["id"].Str()}", """{"data":{"name_last":"Hiddenlast"}}""")).OkBodyAsync();
        await server.As(user, "wrong-" + password).GetAsync("/api/v2/cases");

        Assert.NotEmpty(server.Logs);
        Assert.All(server.Logs, line =>
        {
            Assert.DoesNotContain(name, line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Hiddenlast", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("254711222333", line, StringComparison.Ordinal);
            Assert.DoesNotContain(password, line, StringComparison.Ordinal);
            Assert.DoesNotContain(AmparoServer.AdminPassword, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ApiReads_AreCompressedWhenTheClientAsks_ButWritesNever()
    {
        var admin = server.AsAdmin();
        for (var i = 0; i < 3; i++) await admin.CreateCaseAsync("""{"name_first":"Compressed"}""");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v2/cases?per=50");
        read.Headers.AcceptEncoding.ParseAdd("gzip");
        var compressed = await admin.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        await using var unzipped = new System.IO.Compression.GZipStream(await compressed.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var body = await System.Text.Json.Nodes.JsonNode.ParseAsync(unzipped);
        Assert.NotEmpty(body!["data"]!.AsArray());

        // Writes (sign-in among them) are never compressed: their answers can mix secrets with what the caller sent.
        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/v2/cases") { Content = Http.Json("""{"data":{"name_first":"Compressed"}}""") };
        write.Headers.AcceptEncoding.ParseAdd("gzip");
        var written = await admin.SendAsync(write);
        Assert.True(written.IsSuccessStatusCode);
        Assert.Empty(written.Content.Headers.ContentEncoding);
    }
}
