using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonNode> BodyAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body");

    public static async Task<JsonNode> OkBodyAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(json) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return client.SendAsync(request);
    }

    /// <summary>Creates a case through the API and returns its wire representation.</summary>
    public static async Task<JsonObject> CreateCaseAsync(this HttpClient client, string dataJson)
    {
        var response = await client.PostAsync("/api/v2/cases", Json($$"""{"data": {{dataJson}} }"""));
        return (await response.OkBodyAsync())["data"]!.AsObject();
    }

    /// <summary>The first error of Primero's envelope, checked for shape.</summary>
    public static async Task<JsonObject> ErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!["errors"]![0]!.AsObject();
        Assert.Equal((int)expected, error["status"]!.GetValue<int>());
        Assert.Equal(response.RequestMessage!.RequestUri!.AbsolutePath, error["resource"]!.GetValue<string>());
        return error;
    }

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    /// <summary>The CSRF token a response handed out in its <c>CSRF-TOKEN</c> cookie.</summary>
    public static string Csrf(this HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CSRF-TOKEN=", StringComparison.Ordinal)).Split(';')[0]["CSRF-TOKEN=".Length..];

    /// <summary>A browser-style write: fetch the current CSRF token with a GET, then send it in X-CSRF-Token.</summary>
    public static async Task<HttpResponseMessage> SendWithCsrfAsync(this HttpClient browser, HttpMethod method, string url, JsonNode? body = null)
    {
        var token = (await browser.GetAsync("/api/v2/primero")).Csrf();
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Json(body) };
        request.Headers.Add("X-CSRF-Token", token);
        return await browser.SendAsync(request);
    }

    /// <summary>Signs a cookie-keeping client in through POST /api/v2/tokens, as Primero's web client does.</summary>
    public static Task<HttpResponseMessage> SessionLoginAsync(this HttpClient browser, string user, string password) =>
        browser.SendWithCsrfAsync(HttpMethod.Post, "/api/v2/tokens", new JsonObject { ["user"] = new JsonObject { ["user_name"] = user, ["password"] = password } });
}
