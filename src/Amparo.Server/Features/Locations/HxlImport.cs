using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Data;
using CsvHelper;

namespace Amparo.Server.Features.Locations;

/// <summary>
/// Imports locations from an HXL-tagged CSV (the humanitarian exchange format OCHA's administrative boundaries come
/// in): a row of hashtags such as <c>#country+code</c>, <c>#adm1+code</c>, <c>#adm1+name+i_fr</c> names the columns,
/// and each following row gives a place with its ancestors. Existing codes are kept (their names are completed);
/// each row that cannot be placed is reported with its number, and the rest still import.
/// </summary>
internal static class HxlImport
{
    internal sealed record Result(string Status, int Total, int Succeeded, IReadOnlyList<string> Failures, IReadOnlyList<string> Errors);

    private sealed record Column(int Index, int Level, bool IsCode, string Locale);

    private static readonly string[] LevelTypes = ["country", "province", "district", "sub_district", "locality", "village"];

    public static async Task<Result> ImportAsync(AmparoDbContext db, LocationTree tree, byte[] csv, CancellationToken ct)
    {
        List<string[]> rows;
        try { rows = Read(csv); }
        catch (Exception e) when (e is CsvFormatException or FormatException or ArgumentException or InvalidOperationException)
        {
            return new Result("failure", 0, 0, [], ["The file is not a readable CSV."]);
        }
        var tagRow = rows.FindIndex(r => r.Any(c => c.TrimStart().StartsWith('#')));
        if (tagRow < 0) return new Result("failure", 0, 0, [], ["No HXL hashtag row (such as #adm1+code) was found."]);
        var columns = Columns(rows[tagRow]);
        if (!columns.Any(c => c.IsCode)) return new Result("failure", 0, 0, [], ["No location code column (#country+code, #adm1+code, ...) was found."]);

        var existing = await tree.ByCodeAsync(ct);
        var known = new Dictionary<string, Location>(existing, StringComparer.Ordinal);
        var failures = new List<string>();
        var data = rows.Skip(tagRow + 1).Where(r => r.Any(c => c.Length > 0)).ToList();
        var succeeded = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var problem = ImportRow(data[i], columns, known, db);
            if (problem is null) succeeded++;
            else failures.Add($"row {tagRow + 2 + i}: {problem}");
        }
        await db.SaveChangesAsync(ct);
        tree.Forget();
        var status = failures.Count == 0 ? "success" : succeeded > 0 ? "some_failure" : "failure";
        return new Result(status, data.Count, succeeded, failures, []);
    }

    private static List<string[]> Read(byte[] csv)
    {
        var rows = new List<string[]>();
        using var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = false });
        while (reader.Read()) rows.Add(reader.Current.ToArray());
        return rows;
    }

    /// <summary><c>#adm2+name+i_ar</c> → level 2, a name, in Arabic; <c>#country+code</c> → level 0, a code.</summary>
    private static List<Column> Columns(string[] tags)
    {
        var columns = new List<Column>();
        for (var i = 0; i < tags.Length; i++)
        {
            var parts = tags[i].Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant().Split('+');
            if (parts.Length < 2 || !parts[0].StartsWith('#')) continue;
            int? level = parts[0] switch
            {
                "#country" => 0,
                var adm when adm.StartsWith("#adm", StringComparison.Ordinal)
                    && int.TryParse(adm[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5 => n,
                _ => null,
            };
            if (level is null) continue;
            var isCode = parts.Contains("code");
            if (!isCode && !parts.Contains("name")) continue;
            var locale = parts.FirstOrDefault(p => p.StartsWith("i_", StringComparison.Ordinal))?[2..] ?? "en";
            columns.Add(new Column(i, level.Value, isCode, locale));
        }
        return columns;
    }

    /// <summary>Creates the row's places from the top down; null when the whole row is in place.</summary>
    private static string? ImportRow(string[] row, List<Column> columns, Dictionary<string, Location> known, AmparoDbContext db)
    {
        Location? parent = null;
        foreach (var level in columns.Select(c => c.Level).Distinct().Order())
        {
            var codeColumn = columns.FirstOrDefault(c => c.Level == level && c.IsCode);
            var code = codeColumn is not null && codeColumn.Index < row.Length ? row[codeColumn.Index].Trim() : "";
            if (code.Length == 0) continue;
            if (!LocationCodes.Pattern().IsMatch(code)) return $"'{code}' is not a valid location code";
            var names = new JsonObject();
            foreach (var c in columns.Where(c => c.Level == level && !c.IsCode && c.Index < row.Length && row[c.Index].Trim().Length > 0))
                names[c.Locale] = row[c.Index].Trim();
            if (known.TryGetValue(code, out var location))
            {
                var expectedPath = parent is null ? code : parent.HierarchyPath + "." + code;
                if (location.HierarchyPath != expectedPath && parent is not null) return $"'{code}' already exists under another parent";
                parent = location;
                continue;
            }
            if (names.Count == 0) return $"'{code}' has no name";
            location = new Location
            {
                Code = code,
                Placename = names.ToJsonString(),
                HierarchyPath = parent is null ? code : parent.HierarchyPath + "." + code,
                AdminLevel = level,
                Type = LevelTypes[Math.Min(level, LevelTypes.Length - 1)],
            };
            db.Add(location);
            known[code] = location;
            parent = location;
        }
        return parent is null ? "no location code in this row" : null;
    }
}
