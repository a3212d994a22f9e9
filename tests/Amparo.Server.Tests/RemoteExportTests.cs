using System.Net;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Exports;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.Transitions;
using ICSharpCode.SharpZipLib.Zip;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>
/// Remote referrals and transfers hand the case over as a file (ADR 0015): who may make it, when, under which role, and
/// what it holds — the authorised role's forms, cut down to what the sender can read, inside an AES-256 zip.
/// </summary>
public abstract class RemoteExportTests(AmparoServer server) : ServerTests(server)
{
    private const string SenderPermissions = """{"case":["read","create","write","referral","transfer"]}""";
    private const string SenderForms = """{"basic_identity":"rw","registration_details":"rw","services":"rw"}""";
    // The remote role grants a form the sender cannot read (protection concerns) and leaves out one they can (registration).
    private const string RemoteForms = """{"basic_identity":"r","services":"r","protection_concern_details":"r"}""";
    private const string Password = "correct horse battery";
    private const string CaseJson = """
        {"name_first":"Amina","sex":"female","consent_for_services":true,"disclosure_other_orgs":true,"consent_limitations":"Health only",
         "services_section":[{"service_type":"health_medical_service","service_provider":"Clinic Nord"}]}
        """;

    private sealed record Person(string Name, HttpClient Client);

    private async Task<string> RoleAsync(string permissions, string forms, string scope = "self", bool referral = false, bool transfer = false)
    {
        var role = "role-rx-" + Guid.NewGuid().ToString("N")[..10];
        await server.DefineRoleAsync(role, scope, permissions, forms);
        await server.ChangeRoleAsync(role, r => (r.ModuleUniqueIds, r.Referral, r.Transfer) = ("""["primeromodule-cp"]""", referral, transfer));
        return role;
    }

    private async Task<Person> PersonAsync(string permissions = SenderPermissions, string forms = SenderForms, string scope = "self")
    {
        var (user, password) = await server.CreateUserAsync(scope, roleUniqueId: await RoleAsync(permissions, forms, scope));
        return new Person(user, server.As(user, password));
    }

    /// <summary>A sender with a case (a protection concern written by the administrator, outside the sender's forms) and a remote role.</summary>
    private async Task<(Person Sender, string CaseId, string RemoteRole)> CaseAsync(bool transferRole = false)
    {
        var sender = await PersonAsync();
        var caseId = (await sender.Client.CreateCaseAsync(CaseJson))["id"].Str();
        await (await server.AsAdmin().PatchJsonAsync($"/api/v2/cases/{caseId}", """{"data":{"concern_details":"Seen near the border post"}}""")).OkBodyAsync();
        return (sender, caseId, await RoleAsync("""{"case":["read"]}""", RemoteForms, referral: !transferRole, transfer: transferRole));
    }

    private static async Task<JsonObject> RemoteAsync(HttpClient client, string caseId, string kind, string role, string extra = "")
    {
        var body = $$$"""{"data":{"remote":true,"transitioned_to_remote":"Dr. Haddad","transitioned_to_agency":"Clinic Nord","authorized_role_unique_id":"{{{role}}}"{{{extra}}}}}""";
        return (await (await client.PostAsync($"/api/v2/cases/{caseId}/{kind}", Http.Json(body))).OkBodyAsync())["data"]!.AsObject();
    }

    private static Task<HttpResponseMessage> ExportAsync(HttpClient client, string caseId, string kind, string transitionId, string password = Password) =>
        client.PostAsync($"/api/v2/cases/{caseId}/{kind}/{transitionId}/export", Http.Json(new JsonObject { ["data"] = new JsonObject { ["password"] = password } }));

    [Fact]
    public async Task RemoteReferral_Export_IsAnAes256ZipHoldingOnePdf_ThatOnlyThePasswordOpens()
    {
        var (sender, caseId, role) = await CaseAsync();
        var referral = await RemoteAsync(sender.Client, caseId, "referrals", role);

        var response = await ExportAsync(sender.Client, caseId, "referrals", referral["id"].Str());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.EndsWith("-referral.zip", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var zipped = await response.Content.ReadAsByteArrayAsync();

        using (var locked = new ZipFile(new MemoryStream(zipped)))
        {
            var entry = Assert.Single(locked.Cast<ZipEntry>());
            Assert.True(entry.IsCrypted);
            Assert.Equal(256, entry.AESKeySize);
            Assert.EndsWith("-referral.pdf", entry.Name, StringComparison.Ordinal);
            Assert.ThrowsAny<Exception>(() => { using var s = locked.GetInputStream(entry); s.ReadExactly(new byte[16]); });
        }
        using var zip = new ZipFile(new MemoryStream(zipped)) { Password = Password };
        using var pdf = new MemoryStream();
        using (var s = zip.GetInputStream(zip[0])) s.CopyTo(pdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.ToArray(), 0, 8), StringComparison.Ordinal);
        Assert.True(pdf.Length > 1000);
    }

    [Fact]
    public async Task RemoteExport_Content_IsTheRolesFormsTheSenderCanRead_WithOptionLabels_AndNothingElse()
    {
        var (sender, caseId, role) = await CaseAsync();
        var referral = await RemoteAsync(sender.Client, caseId, "referrals", role, ""","notes":"Needs a check-up" """);
        PdfContent? content = null;
        await server.InTenantAsync(null, async (db, sp) =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == sender.Name);
            var actor = await CurrentUserLoader.LoadAsync(db, user, null, default);
            var record = await db.Records.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(caseId));
            var transition = await db.Set<Transition>().AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(referral["id"].Str()));
            var stored = await db.Roles.AsNoTracking().SingleAsync(r => r.UniqueId == role);
            content = await RemoteExport.ContentAsync(db, sp.GetRequiredService<FieldPermissions>(), sp.GetRequiredService<FormCatalog>(),
                sp.GetRequiredService<OptionCatalog>(), actor, record, transition, stored, default);
        });

        Assert.StartsWith("Referral of case ", content!.Title, StringComparison.Ordinal);
        var summary = content.Summary.ToDictionary(l => l.Label, l => l.Value);
        Assert.Equal("Dr. Haddad", summary["To"]);
        Assert.Equal("Clinic Nord", summary["Organisation"]);
        Assert.Equal("Needs a check-up", summary["Notes"]);
        Assert.Equal(["Basic identity", "Services"], content.Sections.Select(s => s.Title));
        var lines = content.Sections.SelectMany(s => s.Lines).ToList();
        Assert.Contains(lines, l => l.Value == "Amina");
        Assert.Contains(lines, l => l.Value == "Female");
        Assert.Contains(lines, l => l.Value == "Health care" && l.Indent == 1);
        Assert.Contains(lines, l => l.Heading && l.Label.StartsWith("Services", StringComparison.Ordinal));
        // Registration (not the role's) and protection concerns (not the sender's) stay behind.
        Assert.DoesNotContain(lines, l => l.Value.Contains("Health only", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Value.Contains("border post", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultCaseWorker_HandsACaseOutsideAmparo_UnderTheDefaultExternalRole_AndReadsItsChangeLog()
    {
        var (user, password) = await server.CreateUserAsync(roleUniqueId: DefaultRoles.CaseWorker);
        var worker = server.As(user, password);
        var caseId = (await worker.CreateCaseAsync(CaseJson))["id"].Str();
        var external = (await (await worker.GetAsync("/api/v2/roles?external=true")).OkBodyAsync())["data"]!.AsArray();
        Assert.Contains(external, r => r!["unique_id"].Str() == DefaultRoles.ExternalHandOver);

        var referral = await RemoteAsync(worker, caseId, "referrals", DefaultRoles.ExternalHandOver);
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(worker, caseId, "referrals", referral["id"].Str())).StatusCode);
        Assert.NotEmpty((await (await worker.GetAsync($"/api/v2/cases/{caseId}/record_history")).OkBodyAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task RemoteTransfer_Export_WorksUnderATransferRole_AndTheCaseIsTransferred()
    {
        var (sender, caseId, role) = await CaseAsync(transferRole: true);
        var transfer = await RemoteAsync(sender.Client, caseId, "transfers", role);
        var response = await ExportAsync(sender.Client, caseId, "transfers", transfer["id"].Str());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("-transfer.zip", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var stored = (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!;
        Assert.Equal("transferred", stored["status"].Str());
    }

    [Fact]
    public async Task RemoteReferralOrTransfer_WithoutARoleFlaggedForIt_IsRefused_AndNothingIsCreated()
    {
        var (sender, caseId, referralRole) = await CaseAsync();
        var transferRole = await RoleAsync("""{"case":["read"]}""", RemoteForms, transfer: true);
        var plainRole = await RoleAsync("""{"case":["read"]}""", RemoteForms);
        async Task RefusedAsync(string kind, string? role)
        {
            var roleJson = role is null ? "" : $$""","authorized_role_unique_id":"{{role}}" """;
            var body = $$$"""{"data":{"remote":true,"transitioned_to_remote":"Dr. Haddad"{{{roleJson}}}}}""";
            var error = await (await sender.Client.PostAsync($"/api/v2/cases/{caseId}/{kind}", Http.Json(body))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("authorized_role_unique_id", error["detail"].Str());
        }
        await RefusedAsync("referrals", null);
        await RefusedAsync("transfers", null);
        await RefusedAsync("referrals", transferRole);
        await RefusedAsync("transfers", referralRole);
        await RefusedAsync("referrals", plainRole);
        var transitions = (await (await sender.Client.GetAsync($"/api/v2/cases/{caseId}/transitions")).OkBodyAsync())["data"]!.AsArray();
        Assert.Empty(transitions);
        Assert.Equal("open", (await (await server.AsAdmin().GetAsync($"/api/v2/cases/{caseId}")).OkBodyAsync())["data"]!["status"].Str());
    }

    [Fact]
    public async Task RemoteExport_BySomeoneElseWhoReadsTheCase_IsForbidden_ButAManagerMayMakeIt()
    {
        var (sender, caseId, role) = await CaseAsync();
        var referral = await RemoteAsync(sender.Client, caseId, "referrals", role);
        var reader = await PersonAsync("""{"case":["read","write","referral"]}""", scope: "all");
        await (await ExportAsync(reader.Client, caseId, "referrals", referral["id"].Str())).ErrorAsync(HttpStatusCode.Forbidden);
        var outsider = await PersonAsync("""{"case":["read","manage"]}""");
        await (await ExportAsync(outsider.Client, caseId, "referrals", referral["id"].Str())).ErrorAsync(HttpStatusCode.Forbidden);
        var manager = await PersonAsync("""{"case":["read","manage"]}""", scope: "all");
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(manager.Client, caseId, "referrals", referral["id"].Str())).StatusCode);
    }

    [Fact]
    public async Task RemoteExport_OfALocalReferral_OfARevokedOne_OrWithAShortPassword_IsRefused()
    {
        var (sender, caseId, role) = await CaseAsync();
        var recipientRole = await RoleAsync("""{"case":["read","receive_referral"]}""", SenderForms);
        var (recipient, _) = await server.CreateUserAsync("self", roleUniqueId: recipientRole);
        var local = (await (await sender.Client.PostAsync($"/api/v2/cases/{caseId}/referrals",
            Http.Json($$$"""{"data":{"transitioned_to":"{{{recipient}}}"}}"""))).OkBodyAsync())["data"]!;
        var localError = await (await ExportAsync(sender.Client, caseId, "referrals", local["id"].Str())).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("remote", localError["detail"].Str());

        var remote = await RemoteAsync(sender.Client, caseId, "referrals", role);
        foreach (var weak in new[] { "", "short", new string('x', 201) })
        {
            var error = await (await ExportAsync(sender.Client, caseId, "referrals", remote["id"].Str(), weak)).ErrorAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("password", error["detail"].Str());
        }
        await (await sender.Client.DeleteAsync($"/api/v2/cases/{caseId}/referrals/{remote["id"].Str()}")).OkBodyAsync();
        var revoked = await (await ExportAsync(sender.Client, caseId, "referrals", remote["id"].Str())).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("status", revoked["detail"].Str());
    }

    [Fact]
    public async Task RemoteExport_OfAnUnknownTransition_OrOneOfAnotherCase_OrAsTheWrongKind_IsNotFound()
    {
        var (sender, caseId, role) = await CaseAsync();
        var referral = await RemoteAsync(sender.Client, caseId, "referrals", role);
        var otherCase = (await sender.Client.CreateCaseAsync(CaseJson))["id"].Str();
        await (await ExportAsync(sender.Client, otherCase, "referrals", referral["id"].Str())).ErrorAsync(HttpStatusCode.NotFound);
        await (await ExportAsync(sender.Client, caseId, "transfers", referral["id"].Str())).ErrorAsync(HttpStatusCode.NotFound);
        await (await ExportAsync(sender.Client, caseId, "referrals", Guid.NewGuid().ToString())).ErrorAsync(HttpStatusCode.NotFound);
        await (await ExportAsync(sender.Client, caseId, "referrals", "not-an-id")).ErrorAsync(HttpStatusCode.NotFound);
    }
}

public sealed class RemoteExportTests_Sqlite(SqliteServer server) : RemoteExportTests(server), IClassFixture<SqliteServer>;

public sealed class RemoteExportTests_Postgres(PostgresServer server) : RemoteExportTests(server), IClassFixture<PostgresServer>;
