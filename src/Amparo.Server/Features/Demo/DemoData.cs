using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Demo;

/// <summary>
/// <c>AMPARO_SEED=demo</c>: three caseworkers and a few hundred cases with made-up children, so the UI
/// has something to show. Deterministic (fixed random seed), and skipped when demo users already exist.
/// Demo caseworkers sign in with the password in <c>AMPARO_DEMO_PASSWORD</c> (default <c>amparo-demo-2026</c>).
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
        var workers = Enumerable.Range(1, 3).Select(i => new User
        {
            UserName = $"caseworker{i}",
            FullName = $"Demo Caseworker {i}",
            PasswordHash = "",
            GroupPermission = Scopes.Self,
            CreatedAt = now,
        }).ToList();
        foreach (var w in workers) w.PasswordHash = hasher.HashPassword(w, password);
        db.Users.AddRange(workers);
        await db.SaveChangesAsync(ct);

        var random = new Random(2026);
        var used = new HashSet<string>(StringComparer.Ordinal);
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
            };
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
        }
        await db.SaveChangesAsync(ct);
    }
}
