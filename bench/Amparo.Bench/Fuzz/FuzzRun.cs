using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Amparo.Fuzz;

/// <summary>One operation of the server's OpenAPI document: the method and the path template (<c>/api/v2/cases/{id}</c>).</summary>
internal sealed record FuzzOperation(string Method, string Path);

/// <summary>What a fuzz run saw: answers by status class, the 5xx it met (first ones kept in full) and the writes that were accepted.</summary>
internal sealed class FuzzOutcome
{
    public int Requests;
    public int Status2xx, Status4xx, Status5xx, Other;
    /// <summary>Requests the client side would not send (the test host refuses a NUL in a path; Kestrel answers it 400).</summary>
    public int NotSent;
    /// <summary>
    /// Requests that got no answer: the connection failed while sending or reading. Never explained away: large bodies go
    /// with <c>Expect: 100-continue</c>, so a server that refuses them early is heard, and what is left is a fault.
    /// </summary>
    public int TransportFailures;
    public ConcurrentQueue<string> ServerErrors { get; } = new();
    /// <summary>Accepted writes (method and path), which may legitimately change what the run snapshots.</summary>
    public ConcurrentQueue<string> AcceptedWrites { get; } = new();
}

/// <summary>
/// Malformed requests for every operation of the OpenAPI document, from a seed (the same seed, the same requests): bodies
/// with repeated keys, invalid UTF-8, lone surrogates, NUL, huge strings, deep nesting, wrong types, nothing or not JSON;
/// bad content types and oversized headers; query strings with overflowing, negative and garbage numbers and broken
/// encodings; path parameters that are real ids, unknown ids and garbage. Shared by the test project's bounded run and
/// the bench harness's long mode (<c>Amparo.Bench fuzz</c>), which link this file.
/// </summary>
internal sealed class FuzzRequests(IReadOnlyList<FuzzOperation> operations, int seed, IReadOnlyList<string> knownIds)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <summary>The operations of an OpenAPI document, except the document itself.</summary>
    public static IReadOnlyList<FuzzOperation> Operations(JsonNode document)
    {
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item is not JsonObject methods || path.StartsWith("/openapi", StringComparison.Ordinal)) continue;
            foreach (var (method, _) in methods)
                if (method is "get" or "post" or "put" or "patch" or "delete") operations.Add(new(method.ToUpperInvariant(), path));
        }
        return operations;
    }

    private static readonly string[] Numbers = ["0", "-1", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e9", "0x10", "1.5", "NaN", "", "%00", "%ff", "%C0%AF", "abc", "+1", " 1"];

    private static readonly string[] PathGarbage = ["0", "-1", "2147483648", "99999999999999999999", "%00", "%ff%fe", "..%2f..%2fetc%2fpasswd", "%E0%80%AF", "null", "' or 1=1--", "x", "%F0%9F%98%80"];

    private static readonly string[] QueryKeys = ["page", "per", "order_by", "order", "query", "id_search", "status[0]", "record_state", "fields", "locale", "created_at", "age", "sex[0]", "disabled[0]", "user_name", "from", "to", "managed", "record_type[0]"];

    private static readonly string[] ContentTypes = ["application/json", "application/json", "application/json", "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=latin1", "garbage/;;="];

    private static readonly string[] Fields = ["name_first", "user_name", "password", "name", "agency_code", "email", "message", "transitioned_to", "notes", "unique_id", "id", "date", "data", "user", "module_id", "record_state", "filters", "ids"];

    /// <summary>
    /// Bodies above this go with <c>Expect: 100-continue</c>, as careful clients send uploads: the server's refusal (Kestrel's
    /// 400 for a NUL in the path, a 413) arrives before the body is sent, where it would otherwise close the connection
    /// under a client still sending, and the client would see a reset instead of the answer.
    /// </summary>
    public const int ExpectContinueAbove = 64 * 1024;

    /// <summary>The next request for a random operation, its body and headers chosen from the seed. Thread-safe.</summary>
    public HttpRequestMessage Next() => Next(null);

    /// <summary>The next request for operation <paramref name="index"/> (modulo their number): a warm-up visits each in turn.</summary>
    public HttpRequestMessage Next(int index) => Next(operations[index % operations.Count]);

    private HttpRequestMessage Next(FuzzOperation? chosen)
    {
        lock (_lock)
        {
            var op = chosen ?? operations[_random.Next(operations.Count)];
            var path = FillPath(op.Path);
            var query = _random.Next(3) == 0 ? Query() : "";
            var request = new HttpRequestMessage(new HttpMethod(op.Method), path + query);
            if (op.Method is not "GET" || _random.Next(8) == 0)
            {
                var body = Body();
                if (body is not null)
                {
                    var content = new ByteArrayContent(body);
                    var type = ContentTypes[_random.Next(ContentTypes.Length)];
                    if (MediaTypeHeaderValue.TryParse(type, out var parsed)) content.Headers.ContentType = parsed;
                    else content.Headers.TryAddWithoutValidation("Content-Type", type);
                    request.Content = content;
                    if (body.Length > ExpectContinueAbove) request.Headers.ExpectContinue = true;
                }
            }
            switch (_random.Next(12))
            {
                case 0: request.Headers.TryAddWithoutValidation("X-Junk", new string('h', 16 * 1024)); break;
                case 1: request.Headers.TryAddWithoutValidation("If-Match", Pick(["\"x\"", "W/\"-1\"", "\"99999999999999999999\"", "*"])); break;
                case 2: request.Headers.TryAddWithoutValidation("Accept-Language", Pick(["xx", "%ff", new string('a', 2000), "*;q=NaN"])); break;
                case 3: request.Headers.TryAddWithoutValidation("Accept", Pick(["text/csv", "application/xml", "*/*;q=abc"])); break;
            }
            return request;
        }
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private string FillPath(string template)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{') { builder.Append(template[i]); continue; }
            var end = template.IndexOf('}', i);
            var name = template[(i + 1)..end];
            i = end;
            builder.Append(_random.Next(4) switch
            {
                0 when knownIds.Count > 0 && name.Contains("id", StringComparison.OrdinalIgnoreCase) => knownIds[_random.Next(knownIds.Count)],
                1 => NewGuid().ToString(),
                _ => Pick(PathGarbage),
            });
        }
        return builder.ToString();
    }

    private string Query()
    {
        var parts = new List<string>();
        for (var n = _random.Next(1, 4); n > 0; n--)
            parts.Add($"{Pick(QueryKeys)}={(_random.Next(2) == 0 ? Pick(Numbers) : Pick(PathGarbage))}");
        if (_random.Next(4) == 0) parts.Add($"page={Pick(Numbers)}&per={Pick(Numbers)}");
        return "?" + string.Join('&', parts);
    }

    private string Field() => Pick(Fields);

    /// <summary>A UUID from the seed, so a run can be repeated request for request.</summary>
    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A malformed or hostile body, or null for none.</summary>
    private byte[]? Body()
    {
        var wrapper = Pick(["data", "user", "data", "data"]);
        var field = Field();
        string Wrap(string inner) => "{\"" + wrapper + "\":" + inner + "}";
        string One(string value) => Wrap("{\"" + field + "\":" + value + "}");
        return _random.Next(16) switch
        {
            0 => null,
            1 => [],
            2 => Utf8(Wrap("{\"" + field + "\":\"a\",\"" + field + "\":\"b\"}")),
            3 => Utf8("{\"" + wrapper + "\":{},\"" + wrapper + "\":{}}"),
            4 => [.. Utf8("{\"" + wrapper + "\":{\"" + field + "\":\"x"), 0xff, 0xfe, .. Utf8("\"}}")],
            5 => Utf8(One("\"\\udfff\"")),
            6 => Utf8(One("\"\\ud800@x.org\"")),
            7 => Utf8(One("\"a\\u0000b\"")),
            8 => Utf8(One("\"" + new string('x', _random.Next(2) == 0 ? 201 : 1_100_000) + "\"")),
            9 => Utf8(new string('[', 5000) + new string(']', 5000)),
            10 => Utf8(Wrap(Pick(["[]", "\"x\"", "1", "null", "true", "{\"" + field + "\":[[[{}]]]}", "{\"" + field + "\":99999999999999999999999}", "{\"" + field + "\":{\"a\":1}}"]))),
            11 => Utf8(Pick(["not json", "{", "}", "null", "[1,2]", "\"str\"", "{\"data\":", "<xml/>", "{'data':{}}"])),
            12 => Utf8(Wrap("{\"ids\":[\"" + NewGuid() + "\",1,null],\"filters\":{\"short_id\":[{\"x\":1}]},\"" + field + "\":-1}")),
            13 => [0xef, 0xbb, 0xbf, .. Utf8(One("\"\\uFFFF\\u200B\""))],
            14 => Utf8(Wrap("{" + string.Join(',', Enumerable.Range(0, 2000).Select(i => $"\"k{i}\":{i}")) + "}")),
            _ => Utf8(One(Pick(["2147483648", "-1", "1e308", "\"2026-13-45\"", "\"\"", "[]", "{}", "false"]))),
        };
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests, half signed in (<paramref name="signedIn"/> carries its credentials) and half
    /// anonymous (<paramref name="anonymous"/> keeps cookies: the run reads a CSRF token once, so anonymous writes reach
    /// the endpoint rather than the CSRF check).
    /// </summary>
    public Task<FuzzOutcome> RunAsync(HttpClient signedIn, HttpClient anonymous, int count, int concurrency, CancellationToken ct) =>
        RunAsync(signedIn, anonymous, count, concurrency, _ => Next(), ct);

    /// <summary>
    /// <paramref name="rounds"/> requests to every operation in turn: what a long run will touch (code paths jitted, EF
    /// queries compiled, caches filled) is touched before memory is measured, so the baseline is the warm server's.
    /// </summary>
    public Task<FuzzOutcome> WarmUpAsync(HttpClient signedIn, HttpClient anonymous, int rounds, int concurrency, CancellationToken ct) =>
        RunAsync(signedIn, anonymous, rounds * operations.Count, concurrency, Next, ct);

    private static async Task<FuzzOutcome> RunAsync(HttpClient signedIn, HttpClient anonymous, int count, int concurrency, Func<int, HttpRequestMessage> make, CancellationToken ct)
    {
        var outcome = new FuzzOutcome();
        var csrf = "";
        using (var first = await anonymous.GetAsync("api/v2/primero", ct))
            if (first.Headers.TryGetValues("Set-Cookie", out var cookies))
                csrf = cookies.Where(c => c.StartsWith("CSRF-TOKEN=", StringComparison.Ordinal)).Select(c => c.Split(';')[0]["CSRF-TOKEN=".Length..]).FirstOrDefault() ?? "";
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                using var request = make(n);
                var asAnonymous = n % 2 == 1;
                if (asAnonymous && csrf.Length > 0) request.Headers.TryAddWithoutValidation("X-CSRF-Token", csrf);
                var description = $"{request.Method} {request.RequestUri} ({(asAnonymous ? "anonymous" : "signed in")}, {request.Content?.Headers.ContentLength ?? 0} bytes)";
                try
                {
                    using var response = await (asAnonymous ? anonymous : signedIn).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    var status = (int)response.StatusCode;
                    // Read the answer to the end, as a client would: a failure while streaming it is a failure too.
                    var text = await response.Content.ReadAsStringAsync(ct);
                    Interlocked.Increment(ref outcome.Requests);
                    if (status >= 500)
                    {
                        Interlocked.Increment(ref outcome.Status5xx);
                        if (outcome.ServerErrors.Count < 50) outcome.ServerErrors.Enqueue($"{status} {description}: {text[..Math.Min(300, text.Length)]}");
                    }
                    else if (status >= 400) Interlocked.Increment(ref outcome.Status4xx);
                    else if (status >= 200 && status < 300)
                    {
                        Interlocked.Increment(ref outcome.Status2xx);
                        if (request.Method != HttpMethod.Get) outcome.AcceptedWrites.Enqueue($"{request.Method} {request.RequestUri}");
                    }
                    else Interlocked.Increment(ref outcome.Other);
                }
                catch (InvalidOperationException) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref outcome.Requests);
                    Interlocked.Increment(ref outcome.NotSent);
                }
                catch (HttpRequestException e)
                {
                    // No answer at all: as bad as a 500 for the client. (Header values stay ASCII: a real client refuses
                    // to send anything else, which would count here without reaching the server.)
                    Interlocked.Increment(ref outcome.Requests);
                    Interlocked.Increment(ref outcome.TransportFailures);
                    if (outcome.ServerErrors.Count < 50) outcome.ServerErrors.Enqueue($"connection failed {description}: {e.Message}{(e.InnerException is { } inner ? " / " + inner.Message : "")}");
                }
            }
        }));
        return outcome;
    }
}

/// <summary>What a run must not change: seeded records as the API shows them, and how many of each listed kind exist.</summary>
internal static class FuzzSnapshot
{
    private static readonly string[] Lists = ["api/v2/cases", "api/v2/incidents", "api/v2/users", "api/v2/user_groups", "api/v2/agencies", "api/v2/roles"];

    public static async Task<Dictionary<string, string>> TakeAsync(HttpClient admin, IEnumerable<string> caseIds, CancellationToken ct)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in caseIds) snapshot[$"case {id}"] = await admin.GetStringAsync($"api/v2/cases/{id}", ct);
        foreach (var list in Lists)
            snapshot[list] = (JsonNode.Parse(await admin.GetStringAsync($"{list}?per=1&page=1", ct))?["metadata"]?["total"])?.ToJsonString() ?? "?";
        return snapshot;
    }

    /// <summary>What changed between the snapshots and was not the object of an accepted write.</summary>
    public static IReadOnlyList<string> Unexpected(Dictionary<string, string> before, Dictionary<string, string> after, FuzzOutcome outcome) =>
        [.. before.Where(kv => after.GetValueOrDefault(kv.Key) != kv.Value)
            .Where(kv => !outcome.AcceptedWrites.Any(w => kv.Key.StartsWith("case ", StringComparison.Ordinal)
                ? w.Contains(kv.Key[5..], StringComparison.Ordinal)
                : w.Contains(kv.Key, StringComparison.Ordinal)))
            .Select(kv => $"{kv.Key}: {Shorten(kv.Value)} -> {Shorten(after.GetValueOrDefault(kv.Key))}")];

    private static string Shorten(string? s) => s is null ? "(gone)" : s.Length > 200 ? s[..200] + "…" : s;
}
