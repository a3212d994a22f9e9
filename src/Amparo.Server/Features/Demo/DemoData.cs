using Amparo.Forms;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Demo;

/// <summary>
/// <c>AMPARO_SEED=demo</c>: a demo agency with two teams, three case workers and a case manager, a few hundred
/// cases with made-up children, and a few tracing requests, families (some of whose members are demo cases, tied by
/// <c>family_id</c> and <c>family_member_id</c>) and registry records, so the UI has something to show. Deterministic
/// (fixed random seed), and skipped when demo users already exist. Demo users sign in with the password in
/// <c>AMPARO_DEMO_PASSWORD</c> (default <c>amparo-demo-2026</c>).
/// </summary>
internal static class DemoData
{
    public const int CaseCount = 300;
    public const int TracingRequestCount = 8;
    public const int FamilyCount = 10;
    public const int RegistryRecordCount = 6;
    public const string DefaultPassword = "amparo-demo-2026";

    // Our own short lists of common given names and surnames from several languages.
    private static readonly string[] FemaleNames = ["Amina", "Fatima", "Maria", "Grace", "Aisha", "Lucia", "Nadia", "Esther", "Zainab", "Ana", "Mariam", "Joy", "Sofia", "Halima", "Rose"];
    private static readonly string[] MaleNames = ["Omar", "Juan", "David", "Yusuf", "Peter", "Ali", "Carlos", "Samuel", "Hassan", "Jose", "Ibrahim", "John", "Ahmed", "Luis", "Daniel"];
    private static readonly string[] Surnames = ["Haddad", "Garcia", "Okello", "Mansour", "Lopez", "Mwangi", "Khalil", "Martinez", "Otieno", "Nasser", "Rodriguez", "Achieng", "Saleh", "Fernandez", "Kamau"];

    public static async Task SeedAsync(AmparoDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.UserName == "caseworker1", ct)) return;
        var password = Environment.GetEnvironmentVariable("AMPARO_DEMO_PASSWORD") is { Length: > 0 } p ? p : DefaultPassword;
        var now = clock.GetUtcNow();
        var agency = new Agency { UniqueId = "agency-demo", AgencyCode = "DEMO", Name = """{"en":"Demo Child Protection Agency","fr":"Agence de démonstration"}""" };
        var north = new UserGroup { UniqueId = "usergroup-north", Name = "North team" };
        var south = new UserGroup { UniqueId = "usergroup-south", Name = "South team" };
        db.AddRange(agency, north, south);
        await db.SaveChangesAsync(ct);
        var roles = await db.Roles.Where(r => r.UniqueId == DefaultRoles.CaseWorker || r.UniqueId == DefaultRoles.CaseManager).ToDictionaryAsync(r => r.UniqueId, r => r.Id, ct);

        var workers = Enumerable.Range(1, 3).Select(i => new User
        {
            UserName = $"caseworker{i}",
            FullName = $"Demo Caseworker {i}",
            PasswordHash = "",
            RoleId = roles[DefaultRoles.CaseWorker],
            AgencyId = agency.Id,
            CreatedAt = now,
        }).ToList();
        var manager = new User { UserName = "manager1", FullName = "Demo Case Manager", PasswordHash = "", RoleId = roles[DefaultRoles.CaseManager], AgencyId = agency.Id, CreatedAt = now };
        foreach (var u in workers.Append(manager)) u.PasswordHash = hasher.HashPassword(u, password);
        db.Users.AddRange(workers);
        db.Users.Add(manager);
        await db.SaveChangesAsync(ct);
        db.UserGroupMemberships.AddRange(
            new UserGroupMembership { UserId = workers[0].Id, UserGroupId = north.Id },
            new UserGroupMembership { UserId = workers[1].Id, UserGroupId = north.Id },
            new UserGroupMembership { UserId = workers[2].Id, UserGroupId = south.Id },
            new UserGroupMembership { UserId = manager.Id, UserGroupId = north.Id });
        await db.SaveChangesAsync(ct);

        var random = new Random(2026);
        string Pick(string lookup) { var values = DefaultConfiguration.LookupValueIds(lookup); return values[random.Next(values.Count)]; }
        string PickExcept(string lookup, string except) { string value; do value = Pick(lookup); while (value == except); return value; }
        string Given(bool female) => (female ? FemaleNames : MaleNames)[random.Next(15)];
        string Surname() => Surnames[random.Next(Surnames.Length)];
        static string Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        static JsonObject Row(JsonObject answers) { answers["unique_id"] = Guid.NewGuid().ToString(); return answers; }
        var schemas = new Dictionary<string, FormSchema>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<Guid>();

        // Demo records are made as the API makes them (workflow, form version, first history entry, search keys, traces).
        var moduleOptions = await new FormCatalog(db).ModuleOptionsAsync(DefaultConfiguration.CpModule, ct);
        var configuration = await new FormCatalog(db).SnapshotAsync(ct);
        var formVersion = await new FormPublisher(db, clock).CurrentVersionAsync(ct);
        RecordEntity Add(RecordType type, JsonObject data, User owner, DateTimeOffset created, string status)
        {
            if (!schemas.TryGetValue(type.Name, out var schema)) schemas[type.Name] = schema = new FormSchema(DefaultConfiguration.FormsFor(type.Name));
            // The same rules the server applies to every write: calculated totals are computed, hidden answers left out.
            RecordRules.Apply(data, schema);
            Guid identifier;
            do identifier = Guid.NewGuid(); while (!used.Add(type.Name + identifier.ToString("N")[^7..]));
            var origin = new RecordOrigin(Guid.CreateVersion7(created), type.Name, DefaultConfiguration.CpModule, owner.Id, owner.UserName, formVersion,
                moduleOptions, status, CreatedAt: created);
            var rows = RecordCreation.Build(origin, data, identifier, now, PromotedAnswers.Of(configuration, type.Name));
            rows.AddTo(db);
            ids.Add(rows.Record.Id);
            return rows.Record;
        }

        var cases = new List<(RecordEntity Record, JsonObject Data)>();
        for (var i = 0; i < CaseCount; i++)
        {
            var female = random.Next(2) == 0;
            var age = random.Next(0, 18);
            var created = now.AddDays(-random.Next(0, 365)).AddMinutes(-random.Next(0, 1440));
            var owner = workers[random.Next(workers.Count)];
            var data = new JsonObject
            {
                ["name_first"] = Given(female),
                ["name_last"] = Surname(),
                ["sex"] = female ? "female" : "male",
                ["age"] = age,
                ["date_of_birth"] = DateOnly.FromDateTime(created.UtcDateTime).AddYears(-age).AddDays(-random.Next(0, 365)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["displacement_status"] = Pick("lookup-displacement-status"),
                ["consent_for_services"] = true,
                ["protection_concerns"] = new JsonArray([.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Pick("lookup-protection-concerns")).Where(c => c != "other").Distinct().Select(c => (JsonNode?)c)]),
                ["risk_level"] = Pick("lookup-risk-level"),
                ["urgent_protection_concern"] = random.Next(5) == 0 ? "true" : "false",
                ["household_adults"] = 1 + random.Next(3),
                ["household_children"] = new JsonObject { ["boys"] = random.Next(4), ["girls"] = random.Next(4) },
                ["family_details_section"] = new JsonArray([.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => (JsonNode?)new JsonObject
                {
                    ["unique_id"] = Guid.NewGuid().ToString(),
                    ["relation_name"] = Given(random.Next(2) == 0) + " " + Surname(),
                    ["relation"] = Pick("lookup-family-relationship"),
                    ["relation_is_alive"] = Pick("lookup-yes-no-unknown"),
                })]),
            };
            if (data["displacement_status"]!.GetValue<string>() == "other") data["displacement_status_other"] = "Staying with neighbours";
            cases.Add((Add(RecordType.Case, data, owner, created, random.Next(10) == 0 ? "closed" : "open"), data));
        }

        // Families built around demo children: the child is a member, and their case says which family and member it is.
        for (var i = 0; i < FamilyCount; i++)
        {
            var (child, childData) = cases[i * 7];
            var surname = childData["name_last"]!.GetValue<string>();
            var childRow = Row(new JsonObject
            {
                ["relation_name"] = $"{childData["name_first"]!.GetValue<string>()} {surname}",
                ["relation_sex"] = childData["sex"]!.DeepClone(),
                ["relation_age"] = childData["age"]!.DeepClone(),
                ["relation_date_of_birth"] = childData["date_of_birth"]!.DeepClone(),
                ["relation_is_alive"] = "true",
            });
            var members = new JsonArray(childRow);
            var mother = Row(new JsonObject
            {
                ["relation_name"] = $"{Given(true)} {surname}", ["family_relationship"] = "mother", ["relation_sex"] = "female",
                ["relation_age"] = 22 + random.Next(25), ["relation_is_alive"] = Pick("lookup-yes-no-unknown"),
                ["relation_language"] = new JsonArray(Pick("lookup-language")),
            });
            if (mother["relation_is_alive"]!.GetValue<string>() != "false")
            {
                mother["family_relation_is_caregiver"] = true;
                mother["relation_telephone"] = $"+000 {random.Next(100, 999)} {random.Next(1000, 9999)}";
            }
            members.Add(mother);
            for (var s = random.Next(3); s > 0; s--)
            {
                var sister = random.Next(2) == 0;
                members.Add(Row(new JsonObject
                {
                    ["relation_name"] = $"{Given(sister)} {surname}", ["family_relationship"] = sister ? "sister" : "brother",
                    ["relation_sex"] = sister ? "female" : "male", ["relation_age"] = random.Next(1, 18), ["relation_age_estimated"] = random.Next(3) == 0,
                    ["relation_is_alive"] = "true",
                }));
            }
            var family = Add(RecordType.Family, new JsonObject
            {
                ["family_name"] = surname,
                ["family_number"] = $"FAM-{1001 + i}",
                ["family_registration_date"] = Day(child.CreatedAt),
                ["family_type"] = Pick("lookup-family-type"),
                ["family_size"] = members.Count,
                ["family_members"] = members,
            }, workers.First(w => w.UserName == child.OwnedBy), child.CreatedAt, "open");
            childData["family_id"] = family.Id.ToString();
            childData["family_member_id"] = childRow["unique_id"]!.DeepClone();
            child.Data = childData.ToJsonString();
        }

        for (var i = 0; i < TracingRequestCount; i++)
        {
            var inquired = now.AddDays(-random.Next(0, 365));
            var separated = inquired.AddDays(-random.Next(10, 400));
            var cause = PickExcept("lookup-separation-cause", "other");
            var surname = Surname();
            var sought = new JsonArray([.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ =>
            {
                var female = random.Next(2) == 0;
                return (JsonNode?)Row(new JsonObject
                {
                    ["tracing_request_status"] = Pick("lookup-tracing-status"),
                    ["name"] = $"{Given(female)} {surname}",
                    ["relation"] = random.Next(2) == 0 ? "mother" : "father",
                    ["sex"] = female ? "female" : "male",
                    ["age"] = random.Next(2, 17),
                    ["date_of_separation"] = Day(separated),
                    ["separation_cause"] = cause,
                });
            })]);
            var inquirerFemale = random.Next(2) == 0;
            Add(RecordType.TracingRequest, new JsonObject
            {
                ["inquiry_date"] = Day(inquired),
                ["relation_name"] = $"{Given(inquirerFemale)} {surname}",
                ["relation_age"] = 25 + random.Next(30),
                ["relation_language"] = new JsonArray(Pick("lookup-language")),
                ["relation_telephone"] = $"+000 {random.Next(100, 999)} {random.Next(1000, 9999)}",
                ["date_of_separation"] = Day(separated),
                ["separation_cause"] = cause,
                ["disclosure_other_orgs"] = random.Next(2) == 0,
                ["tracing_request_subform_section"] = sought,
            }, workers[random.Next(workers.Count)], inquired, random.Next(6) == 0 ? "closed" : "open");
        }

        for (var i = 0; i < RegistryRecordCount; i++)
        {
            var registered = now.AddDays(-random.Next(0, 365));
            var female = random.Next(2) == 0;
            Add(RecordType.Registry, new JsonObject
            {
                ["registry_type"] = Pick("lookup-registry-type"),
                ["registry_no"] = $"REG-{2001 + i}",
                ["name_first"] = Given(female),
                ["name_last"] = Surname(),
                ["sex"] = female ? "female" : "male",
                ["telephone_current"] = $"+000 {random.Next(100, 999)} {random.Next(1000, 9999)}",
            }, workers[random.Next(workers.Count)], registered, "open");
        }
        await new AssociationStore(db).RefreshRecordsAsync(ids, ct);
    }
}
