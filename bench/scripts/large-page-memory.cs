// Peak resident memory of a server answering GET /api/v2/cases?per=1000 of large records.
// dotnet run large-page-memory.cs -- <base url> <server pid> <admin password> <cases to create first: 0 or 1000>
// Creates that many cases with five 10,000-character text areas, asks the page once to warm up, then asks it five times
// while sampling the server's resident memory every 20 ms (docs/performance.md, "Large list answers").
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
var baseUrl = new Uri(args[0]); var pid = int.Parse(args[1]); var create = int.Parse(args[3]);
var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + args[2])));
double Rss() { foreach (var l in File.ReadLines($"/proc/{pid}/status")) if (l.StartsWith("VmRSS:")) return double.Parse(l[6..].Trim().Split(' ')[0]) / 1024; return 0; }
var text = new string('x', 10_000);
for (var i = 0; i < create; i += 10)
    await Task.WhenAll(Enumerable.Range(i, 10).Select(async n =>
    {
        var data = new JsonObject { ["name_first"] = $"Large {n}", ["concern_details"] = text, ["assessment_summary"] = text, ["case_plan_goal"] = text, ["service_notes"] = text, ["closure_comments"] = text };
        var r = await http.PostAsync("api/v2/cases", new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"));
        r.EnsureSuccessStatusCode();
    }));
await http.GetStringAsync("api/v2/cases?per=1000"); // warm
await Task.Delay(3000);
var before = Rss(); var peak = before; var done = false;
var sampler = Task.Run(async () => { while (!done) { peak = Math.Max(peak, Rss()); await Task.Delay(20); } });
var clock = Stopwatch.StartNew(); long bytes = 0; int count = 0;
for (var k = 0; k < 5; k++)
{
    using var r = await http.GetAsync("api/v2/cases?per=1000", HttpCompletionOption.ResponseHeadersRead);
    var s = await r.Content.ReadAsStreamAsync(); var buf = new byte[81920]; int n; bytes = 0;
    while ((n = await s.ReadAsync(buf)) > 0) bytes += n;
    count++;
}
done = true; await sampler;
Console.WriteLine($"{count} x GET /api/v2/cases?per=1000 ({bytes / 1e6:F1} MB each) in {clock.Elapsed.TotalSeconds:F1} s; resident before {before:F0} MiB, peak {peak:F0} MiB (+{peak - before:F0})");
