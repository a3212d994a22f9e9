using System.Globalization;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;

namespace Amparo.Bench;

/// <summary>Names read at run time from Primero's sample lists (AGPL data, kept outside the repository in <c>../shared</c>).</summary>
internal sealed class NameLists
{
    public required string[] EnglishGiven { get; init; }
    public required string[] EnglishSurnames { get; init; }
    public required string[] ArabicGiven { get; init; }
    public required string[] ArabicSurnames { get; init; }
    public required string[] SpanishGiven { get; init; }
    public required string[] SpanishSurnames { get; init; }
    /// <summary>Place paths such as <c>Lebanon::Akkar</c>, the demo location hierarchy.</summary>
    public required string[] Places { get; init; }

    public static NameLists Load(string folder)
    {
        string[] Read(string file)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"Name list missing: {path} (pass --fixtures <folder of primero-data>)");
            return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).Select(Capitalize).Distinct()];
        }
        return new NameLists
        {
            EnglishGiven = Read("english_names.csv"),
            EnglishSurnames = Read("english_surnames.csv"),
            ArabicGiven = Read("arabic_names.csv"),
            ArabicSurnames = Read("arabic_surnames.csv"),
            SpanishGiven = Read("spanish_names.csv"),
            SpanishSurnames = Read("spanish_surnames.csv"),
            Places = [.. File.ReadAllLines(Path.Combine(folder, "jordan.csv")).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct()],
        };
    }

    // The surname lists are upper case (SMITH); records hold names as people write them.
    private static string Capitalize(string s) =>
        s.Contains("::", StringComparison.Ordinal) || s.Any(char.IsLower) ? s : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant());

    /// <summary>The folder beside the repository root (<c>../shared/fixtures/primero-data</c>), found by walking up.</summary>
    public static string DefaultFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "primero-data");
            if (Directory.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures", "primero-data");
            if (File.Exists(Path.Combine(dir.FullName, "Amparo.slnx")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("Could not find ../shared/fixtures/primero-data; pass --fixtures.");
    }
}

/// <summary>
/// Child-protection cases over the default CP configuration: about forty answers across identity, registration,
/// family, protection concerns, assessment, case plan, services and follow-up subforms. Every value is one the
/// server accepts on <c>POST /api/v2/cases</c> (lookup ids, known locations and agencies, no calculated or hidden answers).
/// </summary>
internal sealed class CaseFactory(NameLists names, IReadOnlyList<string> locationCodes, IReadOnlyList<string> agencyIds)
{
    private static readonly string[] Services = [.. DefaultConfiguration.LookupValueIds("lookup-service-type")];
    private static readonly string[] Concerns = [.. DefaultConfiguration.LookupValueIds("lookup-protection-concerns").Where(c => c != "other")];
    private static readonly string[] Nationalities = [.. DefaultConfiguration.LookupValueIds("lookup-nationality").Where(c => c != "other")];
    private static readonly string[] Languages = [.. DefaultConfiguration.LookupValueIds("lookup-language").Where(c => c != "other")];
    private static readonly string[] Displacement = [.. DefaultConfiguration.LookupValueIds("lookup-displacement-status").Where(c => c != "other")];
    private static readonly string[] Care = [.. DefaultConfiguration.LookupValueIds("lookup-care-arrangements-type").Where(c => c is not "other" and not "no_care_arrangement")];
    private static readonly string[] Relations = [.. DefaultConfiguration.LookupValueIds("lookup-family-relationship")];
    private static readonly string[] Followups = [.. DefaultConfiguration.LookupValueIds("lookup-followup-type").Where(c => c != "other")];
    private static readonly string[] Risk = [.. DefaultConfiguration.LookupValueIds("lookup-risk-level")];
    private static readonly string[] Protection = [.. DefaultConfiguration.LookupValueIds("lookup-protection-status")];
    private static readonly string[] Timeframes = ["1_hour", "3_hours", "1_day", "3_days", "1_week"];
    private static readonly string[] Consent = ["child", "parent", "caregiver"];

    public (string Given, string Surname) Name(Random random)
    {
        var language = random.Next(100);
        return language switch
        {
            < 45 => (Pick(random, names.EnglishGiven), Pick(random, names.EnglishSurnames)),
            < 80 => (Pick(random, names.ArabicGiven), Pick(random, names.ArabicSurnames)),
            _ => (Pick(random, names.SpanishGiven), Pick(random, names.SpanishSurnames)),
        };
    }

    /// <summary>A case's answers as a client would send them, registered on <paramref name="registered"/>.</summary>
    public JsonObject Answers(Random random, DateOnly registered, bool closed)
    {
        var (given, surname) = Name(random);
        var female = random.Next(2) == 0;
        var age = random.Next(0, 18);
        var born = registered.AddYears(-age).AddDays(-random.Next(0, 365));
        var data = new JsonObject
        {
            ["name_first"] = given,
            ["name_last"] = surname,
            ["sex"] = female ? "female" : "male",
            ["date_of_birth"] = Day(born),
            ["age"] = age,
            ["estimated"] = random.Next(4) == 0,
            ["telephone_current"] = $"+962 7{random.Next(7, 10)} {random.Next(100, 1000)} {random.Next(1000, 10000)}",
            ["address_current"] = $"{random.Next(1, 200)} {Pick(random, names.EnglishSurnames)} Street",
            ["nationality"] = new JsonArray(Pick(random, Nationalities)),
            ["languages"] = new JsonArray(Pick(random, Languages)),
            ["location_current"] = locationCodes[random.Next(locationCodes.Count)],
            ["displacement_status"] = Pick(random, Displacement),
            ["registration_date"] = Day(registered),
            ["caseworker_name"] = $"{Pick(random, names.EnglishGiven)} {Pick(random, names.EnglishSurnames)}",
            ["caseworker_agency"] = agencyIds[random.Next(agencyIds.Count)],
            ["consent_source"] = Pick(random, Consent),
            ["consent_for_services"] = true,
            ["disclosure_other_orgs"] = random.Next(2) == 0,
            ["care_arrangements_type"] = Pick(random, Care),
            ["name_caregiver"] = $"{Pick(random, names.ArabicGiven)} {surname}",
            ["relationship_caregiver"] = Pick(random, Relations),
            ["household_adults"] = 1 + random.Next(3),
            ["household_children"] = new JsonObject { ["boys"] = random.Next(4), ["girls"] = random.Next(4) },
            ["protection_status"] = Pick(random, Protection),
            ["protection_concerns"] = new JsonArray([.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, Concerns)).Distinct().Select(c => (JsonNode?)c)]),
            ["concern_details"] = "Reported by the community focal point; follow-up agreed with the family.",
            ["urgent_protection_concern"] = "false",
            ["risk_level"] = Pick(random, Risk),
            ["family_details_section"] = new JsonArray([.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (JsonNode?)new JsonObject
            {
                ["unique_id"] = Guid.NewGuid().ToString(),
                ["relation_name"] = $"{Name(random).Given} {surname}",
                ["relation"] = Pick(random, Relations),
                ["relation_is_alive"] = "true",
            })]),
        };
        if (data["risk_level"]!.GetValue<string>() != "low") data["risk_level_reason"] = "Exposure to violence at home.";
        if (random.Next(10) < 6)
        {
            var requested = registered.AddDays(random.Next(1, 15));
            data["assessment_requested_on"] = Day(requested);
            data["assessment_completed_on"] = Day(requested.AddDays(random.Next(1, 10)));
            foreach (var score in new[] { "safety", "care", "health", "education", "wellbeing" }) data[$"assessment_score_{score}"] = random.Next(0, 4); // 0 = no concern … 3 = very serious
        }
        if (random.Next(10) < 4)
        {
            data["date_case_plan"] = Day(registered.AddDays(random.Next(10, 40)));
            data["case_plan_goal"] = "Safe and stable care arrangement; school enrolment.";
        }
        data["services_section"] = new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ =>
        {
            var implemented = random.Next(2) == 0;
            var row = new JsonObject
            {
                ["unique_id"] = Guid.NewGuid().ToString(),
                ["service_type"] = Pick(random, Services),
                ["service_response_timeframe"] = Pick(random, Timeframes),
                ["service_appointment_date"] = Day(registered.AddDays(random.Next(1, 60))),
                ["service_implementing_agency"] = agencyIds[random.Next(agencyIds.Count)],
                ["service_implemented"] = implemented ? "implemented" : "not_implemented",
            };
            if (implemented) row["service_implemented_day_time"] = Day(registered.AddDays(random.Next(2, 90)));
            return (JsonNode?)row;
        })]);
        data["followup_subform_section"] = new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode?)new JsonObject
        {
            ["unique_id"] = Guid.NewGuid().ToString(),
            ["followup_type"] = Pick(random, Followups),
            ["followup_needed_by_date"] = Day(registered.AddDays(random.Next(5, 30))),
            ["followup_date"] = Day(registered.AddDays(random.Next(5, 40))),
            ["child_was_seen"] = "true",
            ["followup_comments"] = "Child seen at home with caregiver.",
        })]);
        if (closed)
        {
            data["date_closure"] = Day(registered.AddDays(random.Next(60, 300)));
            data["closure_reason"] = "case_plan_completed";
        }
        return data;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
