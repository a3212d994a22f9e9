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
/// <c>AMPARO_SEED=demo</c>: a demo agency with two teams, three case workers and a case manager, and a few
/// hundred cases with made-up children, so the UI has something to show. Deterministic (fixed random seed),
/// and skipped when demo users already exist. Demo users sign in with the password in
/// <c>AMPARO_DEMO_PASSWORD</c> (default <c>amparo-demo-2026</c>).
/// </summary>
internal static class DemoData
{
    public const int CaseCount = 300;
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
        var schema = new FormSchema(DefaultConfiguration.Forms);
        string Pick(string lookup) { var ids = DefaultConfiguration.LookupValueIds(lookup); return ids[random.Next(ids.Count)]; }
        var used = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<Guid>();
        for (var i = 0; i < CaseCount; i++)
        {
            var female = random.Next(2) == 0;
            var age = random.Next(0, 18);
            var created = now.AddDays(-random.Next(0, 365)).AddMinutes(-random.Next(0, 1440));
            var owner = workers[random.Next(workers.Count)];
            var data = new JsonObject
            {
                ["name_first"] = (female ? FemaleNames : MaleNames)[random.Next(15)],
                ["name_last"] = Surnames[random.Next(Surnames.Length)],
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
                    ["relation_name"] = (random.Next(2) == 0 ? FemaleNames : MaleNames)[random.Next(15)] + " " + Surnames[random.Next(Surnames.Length)],
                    ["relation"] = Pick("lookup-family-relationship"),
                    ["relation_is_alive"] = Pick("lookup-yes-no-unknown"),
                })]),
            };
            if (data["displacement_status"]!.GetValue<string>() == "other") data["displacement_status_other"] = "Staying with neighbours";
            // The same rules the server applies to every write: calculated totals are computed, hidden answers left out.
            RecordRules.Apply(data, schema);
            Guid identifier;
            string shortId;
            do { identifier = Guid.NewGuid(); shortId = identifier.ToString("N")[^7..]; } while (!used.Add(shortId));
            var record = new RecordEntity
            {
                Id = Guid.CreateVersion7(created),
                RecordType = RecordEndpoints.Cases,
                ModuleId = DefaultConfiguration.CpModule,
                UniqueIdentifier = identifier,
                ShortId = shortId,
                CaseIdDisplay = shortId,
                OwnedByUserId = owner.Id,
                OwnedBy = owner.UserName,
                CreatedBy = owner.UserName,
                Status = random.Next(10) == 0 ? "closed" : "open",
                RegistrationDate = DateOnly.FromDateTime(created.UtcDateTime),
                CreatedAt = created,
                UpdatedAt = created,
                Version = 1,
            };
            DerivedFields.Apply(record, data);
            record.Data = data.ToJsonString();
            db.Records.Add(record);
            foreach (var (kind, term) in Search.SearchIndex.TermsOf(data).Distinct())
                db.Add(new Search.RecordSearchTerm { RecordId = record.Id, Kind = kind, Term = term });
            db.RecordUsers.Add(new RecordUser { RecordId = record.Id, UserId = owner.Id, Relation = RecordRelation.Owner });
            ids.Add(record.Id);
        }
        await new AssociationStore(db).RefreshRecordsAsync(ids, ct);
    }
}
