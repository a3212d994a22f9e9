using System.Globalization;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>
/// Filter results do not depend on which storage answers them (ADR 0026): random records made through the API, random
/// filter combinations and sorts, and the API's answer compared with a naive evaluation of the same filter over the
/// answers the test wrote. Promoted fields (filterable) answer from record_values, one field from the JSON document, and
/// one the reader may not read is ignored. Seeded: a failure names the seed (set AMPARO_PROPERTY_SEED to replay it).
/// </summary>
public abstract class PromotedAnswerPropertyTests(AmparoServer server) : ServerTests(server)
{
    private const int Records = 24;
    private const int Queries = 50;

    private static readonly string[] Texts = ["007", "7", "b", "B", "a b", "é", "Z"];
    private static readonly string[] Options = ["a", "b", "c", "d"];

    /// <summary>The fields of one run, named after it so that every run promotes (and backfills) new fields.</summary>
    private sealed record Names(string Suffix)
    {
        public string Text => "pt_t_" + Suffix;
        public string Number => "pt_n_" + Suffix;
        public string Bool => "pt_b_" + Suffix;
        public string Date => "pt_d_" + Suffix;
        public string Multi => "pt_m_" + Suffix;
        /// <summary>Not promoted: read from the JSON document.</summary>
        public string Plain => "pt_p_" + Suffix;
        /// <summary>On a form the reader may not read: a filter on it is ignored.</summary>
        public string Hidden => "pt_h_" + Suffix;
        /// <summary>Made filterable only after the records exist: its backfill is what makes it answer from record_values.</summary>
        public string Late => "pt_l_" + Suffix;
    }

    /// <summary>A filter and what it means; <see cref="Holds"/> is null for a filter the server ignores (a field the reader may not read).</summary>
    private sealed record Filter(string Query, Func<JsonObject, bool>? Holds);

    [Fact]
    public async Task RandomFilters_AnswerAsANaiveEvaluation_WhicheverStorageAnswers()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AMPARO_PROPERTY_SEED"), out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        var n = new Names(Guid.NewGuid().ToString("N")[..8]);
        var admin = server.AsAdmin();
        var form = "pt_form_" + n.Suffix;
        var hiddenForm = "pt_hidden_" + n.Suffix;
        var formId = (await (await admin.PostAsync("/api/v2/forms", Http.Json(FormJson(form, n, lateFilterable: false)))).OkBodyAsync())["data"]!["id"]!.GetValue<int>();
        await (await admin.PostAsync("/api/v2/forms", Http.Json($$$"""
            {"data":{"unique_id":"{{{hiddenForm}}}","parent_form":"case","name":{"en":"Hidden"},"module_ids":["primeromodule-cp"],
             "fields":[{"name":"{{{n.Hidden}}}","type":"text_field","display_name":{"en":"Hidden"},"filterable":true}]}}
            """))).OkBodyAsync();
        var role = "role-pt-" + n.Suffix;
        await server.DefineRoleAsync(role, "all", """{"case":["read"]}""", $$"""{"basic_identity":"r","{{form}}":"r"}""");
        var (user, password) = await server.CreateUserAsync("all", roleUniqueId: role);
        var reader = server.As(user, password);
        await server.WaitPromotedReadyAsync(n.Text, n.Number, n.Bool, n.Date, n.Multi, n.Hidden);

        var marker = "pt" + n.Suffix;
        var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i < Records; i++)
        {
            // As the server reads them (numbers as JSON numbers, not .NET ints).
            var answers = JsonNode.Parse(Answers(random, n).ToJsonString())!.AsObject();
            var created = await admin.CreateCaseAsync(new JsonObject { ["name_first"] = "P" + i, ["name_last"] = marker }.Merge(answers).ToJsonString());
            records[created["id"].Str()] = answers;
        }

        var failures = new List<string>();
        for (var q = 0; q < Queries; q++)
        {
            var (query, holds, sort) = RandomQuery(random, n);
            await CheckAsync(reader, marker, records, query, holds, sort, failures);
        }
        // A field made filterable on a tenant with records: answered from the document first, then — once its backfill is
        // ready — from record_values, with the same ids.
        var lateQueries = Enumerable.Range(0, 12).Select(_ => LateFilter(random, n)).ToList();
        foreach (var f in lateQueries) await CheckAsync(reader, marker, records, f.Query, f.Holds!, null, failures);
        await (await admin.PatchJsonAsync($"/api/v2/forms/{formId}", FormJson(form, n, lateFilterable: true))).OkBodyAsync();
        await server.WaitPromotedReadyAsync(n.Late);
        foreach (var f in lateQueries) await CheckAsync(reader, marker, records, f.Query, f.Holds!, null, failures);
        await CheckAsync(reader, marker, records, $"order_by={n.Late}&order=desc", _ => true, n.Late, failures);

        Assert.True(failures.Count == 0, $"seed {seed} (AMPARO_PROPERTY_SEED={seed} replays it):\n" + string.Join("\n", failures.Take(10)));
    }

    private async Task CheckAsync(HttpClient reader, string marker, Dictionary<string, JsonObject> records, string query, Func<JsonObject, bool> holds,
        string? sort, List<string> failures)
    {
        var body = await (await reader.GetAsync($"/api/v2/cases?query={marker}&per=1000&{query}")).OkBodyAsync();
        var listed = body["data"]!.AsArray().Select(r => r!["id"].Str()).ToList();
        var expected = records.Where(r => holds(r.Value)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        if (!listed.Order(StringComparer.Ordinal).SequenceEqual(expected))
            failures.Add($"{query}: listed {listed.Count}, expected {expected.Count} (missing {string.Join(",", expected.Except(listed).Take(3))}, extra {string.Join(",", listed.Except(expected).Take(3))})");
        else if (body["metadata"]!["total"]!.GetValue<int>() != expected.Count)
            failures.Add($"{query}: total {body["metadata"]!["total"]} for {expected.Count} listed");
        if (sort is null) return;
        // Absent answers last in both directions; between present ones the order the direction asks for.
        var descending = query.Contains("order=desc", StringComparison.Ordinal);
        var keys = listed.Select(id => records[id][sort]).ToList();
        for (var i = 1; i < keys.Count; i++)
        {
            var (a, b) = (keys[i - 1], keys[i]);
            var ordered = b is null || (a is not null && (descending ? Compare(a, b) >= 0 : Compare(a, b) <= 0));
            if (!ordered)
            {
                failures.Add($"{query}: {a?.ToJsonString() ?? "absent"} listed before {b?.ToJsonString() ?? "absent"}");
                break;
            }
        }
    }

    private static int Compare(JsonNode a, JsonNode b) => (a.GetValueKind(), b.GetValueKind()) switch
    {
        (System.Text.Json.JsonValueKind.Number, System.Text.Json.JsonValueKind.Number) => a.GetValue<double>().CompareTo(b.GetValue<double>()),
        (System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.String) => CompareBytes(a.GetValue<string>(), b.GetValue<string>()),
        _ => (a.GetValueKind() == System.Text.Json.JsonValueKind.True).CompareTo(b.GetValueKind() == System.Text.Json.JsonValueKind.True),
    };

    /// <summary>Bytewise over UTF-8, as both databases compare text.</summary>
    private static int CompareBytes(string a, string b) =>
        ((ReadOnlySpan<byte>)System.Text.Encoding.UTF8.GetBytes(a)).SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));

    private static string FormJson(string form, Names n, bool lateFilterable) => $$$"""
        {"data":{"unique_id":"{{{form}}}","parent_form":"case","name":{"en":"Property"},"module_ids":["primeromodule-cp"],
         "fields":[
          {"name":"{{{n.Text}}}","type":"text_field","display_name":{"en":"T"},"filterable":true},
          {"name":"{{{n.Number}}}","type":"numeric_field","display_name":{"en":"N"},"filterable":true},
          {"name":"{{{n.Bool}}}","type":"tick_box","display_name":{"en":"B"},"filterable":true},
          {"name":"{{{n.Date}}}","type":"date_field","display_name":{"en":"D"},"filterable":true},
          {"name":"{{{n.Multi}}}","type":"select_box","multi_select":true,"display_name":{"en":"M"},"filterable":true,
           "option_strings_text":[{"id":"a","display_text":{"en":"A"}},{"id":"b","display_text":{"en":"B"}},{"id":"c","display_text":{"en":"C"}},{"id":"d","display_text":{"en":"D"}}]},
          {"name":"{{{n.Plain}}}","type":"text_field","display_name":{"en":"P"}},
          {"name":"{{{n.Late}}}","type":"numeric_field","display_name":{"en":"L"},"filterable":{{{(lateFilterable ? "true" : "false")}}}}
         ]}}
        """;

    private static JsonObject Answers(Random random, Names n)
    {
        var a = new JsonObject();
        // Each answer absent one time in four.
        bool Has() => random.Next(4) != 0;
        if (Has()) a[n.Text] = Texts[random.Next(Texts.Length)];
        if (Has()) a[n.Number] = random.Next(-5, 20);
        if (Has()) a[n.Bool] = random.Next(2) == 0;
        if (Has()) a[n.Date] = Day(random.Next(60));
        if (Has()) a[n.Multi] = new JsonArray([.. Options.Where(_ => random.Next(3) == 0).Select(o => (JsonNode?)o)]);
        if (Has()) a[n.Plain] = Texts[random.Next(Texts.Length)];
        if (Has()) a[n.Hidden] = Texts[random.Next(Texts.Length)];
        if (Has()) a[n.Late] = random.Next(0, 10);
        return a;
    }

    private static string Day(int offset) => new DateOnly(2024, 1, 1).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (string Query, Func<JsonObject, bool> Holds, string? Sort) RandomQuery(Random random, Names n)
    {
        var fields = new[] { n.Text, n.Number, n.Bool, n.Date, n.Multi, n.Plain, n.Hidden }.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
        var parts = new List<string>();
        var tests = new List<Func<JsonObject, bool>>();
        var useOr = fields.Count >= 2 && random.Next(3) == 0;
        if (useOr)
        {
            var (f1, f2) = (Atom(random, n, fields[0]), Atom(random, n, fields[1]));
            parts.Add($"or[{fields[0]}]={f1.Query}&or[{fields[1]}]={f2.Query}");
            // An ignored alternative is left out of the group, not counted as true.
            if ((f1.Holds ?? f2.Holds) is not null) tests.Add(a => (f1.Holds?.Invoke(a) ?? false) || (f2.Holds?.Invoke(a) ?? false));
            fields = fields.Skip(2).ToList();
        }
        foreach (var field in fields)
        {
            var atom = Atom(random, n, field);
            var negated = random.Next(4) == 0;
            parts.Add(negated ? $"not[{field}]={atom.Query}" : $"{field}={atom.Query}");
            if (atom.Holds is not { } holds) continue;
            tests.Add(negated ? a => !holds(a) : holds);
        }
        string? sort = null;
        if (random.Next(2) == 0)
        {
            sort = new[] { n.Text, n.Number, n.Bool, n.Date, n.Plain }[random.Next(5)];
            parts.Add($"order_by={sort}&order={(random.Next(2) == 0 ? "asc" : "desc")}");
        }
        return (string.Join("&", parts), a => tests.All(t => t(a)), sort);
    }

    /// <summary>One field's filter value and what it means; the hidden field's filter is ignored by the server.</summary>
    private static Filter Atom(Random random, Names n, string field)
    {
        if (field == n.Text || field == n.Plain || field == n.Hidden)
        {
            var values = Texts.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var query = string.Join(",", values.Select(Uri.EscapeDataString));
            return field == n.Hidden ? new(query, null) : new(query, a => a[field] is JsonValue v && values.Contains(v.GetValue<string>()));
        }
        if (field == n.Number) return NumberFilter(random, field, -6, 21);
        if (field == n.Bool)
        {
            var value = random.Next(2) == 0;
            return new(value ? "true" : "false", a => a[field] is JsonValue v && v.GetValue<bool>() == value);
        }
        if (field == n.Date)
        {
            var from = random.Next(-5, 60);
            var to = from + random.Next(0, 20);
            if (random.Next(3) == 0) return new(Day(from), a => a[field] is JsonValue v && v.GetValue<string>() == Day(from));
            return new($"{Day(from)}..{Day(to)}", a => a[field] is JsonValue v && string.CompareOrdinal(v.GetValue<string>(), Day(from)) >= 0
                && string.CompareOrdinal(v.GetValue<string>(), Day(to)) <= 0);
        }
        var options = Options.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
        return new(string.Join(",", options), a => a[field] is JsonArray items && items.Any(i => options.Contains(i!.GetValue<string>())));
    }

    private static Filter NumberFilter(Random random, string field, int low, int high)
    {
        double? Value(JsonObject a) => a[field] is JsonValue v ? v.GetValue<double>() : null;
        switch (random.Next(3))
        {
            case 0:
                var exact = Enumerable.Range(0, random.Next(1, 3)).Select(_ => (double)random.Next(low, high)).ToList();
                return new(string.Join(",", exact.Select(e => e.ToString(CultureInfo.InvariantCulture))), a => Value(a) is { } x && exact.Contains(x));
            case 1:
                var from = random.Next(low, high);
                var to = from + random.Next(0, 8);
                return new($"{from}..{to}", a => Value(a) is { } x && x >= from && x <= to);
            default:
                var start = random.Next(low, high);
                return new($"{start}..", a => Value(a) is { } x && x >= start);
        }
    }

    private static Filter LateFilter(Random random, Names n)
    {
        var atom = NumberFilter(random, n.Late, 0, 10);
        var holds = atom.Holds!;
        return random.Next(3) == 0 ? new($"not[{n.Late}]={atom.Query}", a => !holds(a)) : new($"{n.Late}={atom.Query}", holds);
    }
}

public sealed class PromotedAnswerPropertyTests_Sqlite(SqliteServer server) : PromotedAnswerPropertyTests(server), IClassFixture<SqliteServer>;

public sealed class PromotedAnswerPropertyTests_Postgres(PostgresServer server) : PromotedAnswerPropertyTests(server), IClassFixture<PostgresServer>;
