using System.Net;
using System.Text.Json.Nodes;

namespace Amparo.Server.Tests;

/// <summary>Attachments: judged by their bytes, kept encrypted, read and written only as the field they belong to.</summary>
public abstract class AttachmentTests(AmparoServer server) : ServerTests(server)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n%\u00e2\n1 0 obj <<>> endobj\n"u8];

    private static JsonObject Body(string field, byte[] bytes, string fileName) => new()
    {
        ["data"] = new JsonObject
        {
            ["field_name"] = field, ["attachment_type"] = "image", ["file_name"] = fileName,
            ["attachment"] = Convert.ToBase64String(bytes), ["description"] = "Front", ["date"] = "2026-11-20",
        },
    };

    [Fact]
    public async Task Photo_IsStoredEncrypted_ListedOnTheRecord_AndReadBackAsSent()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Mira"}"""))["id"].Str();
        var created = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "face.png")))).OkBodyAsync())["data"]!;
        Assert.Equal("image/png", created["content_type"].Str());
        Assert.True(created["record"]!["has_photo"]!.GetValue<bool>());
        var attachmentId = created["id"].Str();

        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        var listed = Assert.Single(record["photos"]!.AsArray())!;
        Assert.Equal("face.png", listed["file_name"].Str());
        Assert.True(record["has_photo"]!.GetValue<bool>());

        var download = await admin.GetAsync(listed["attachment_url"].Str());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());

        // What lies on disk is not the photo.
        var file = Directory.GetFiles(server.AttachmentsPath, "*", SearchOption.AllDirectories).Single(f => f.EndsWith(attachmentId.Replace("-", ""), StringComparison.Ordinal));
        var stored = await File.ReadAllBytesAsync(file);
        Assert.False(stored.AsSpan().IndexOf(Png.AsSpan(0, 8)) >= 0);

        // A damaged file is refused, never served.
        stored[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(file, stored);
        await (await admin.GetAsync(listed["attachment_url"].Str())).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheFilesKind_IsJudgedByItsBytes_AgainstTheFieldsAllowList()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Nabil"}"""))["id"].Str();
        // A PDF is not a photo, whatever it is called.
        await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Pdf, "photo.png")))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        // A program named like a document is refused.
        byte[] exe = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0];
        await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("other_documents", exe, "letter.pdf")))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        var pdf = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("other_documents", Pdf, "letter.pdf")))).OkBodyAsync())["data"]!;
        Assert.Equal("application/pdf", pdf["content_type"].Str());
        // Not base64, or a field that takes no files: refused.
        var bad = Body("photos", Png, "x.png");
        bad["data"]!["attachment"] = "%%%";
        await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(bad))).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("name_first", Png, "x.png")))).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WithoutTheFieldsForm_NobodyAddsOrReadsItsFiles_AndDeletingDetachesIt()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Omar"}"""))["id"].Str();
        var url = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "p.png")))).OkBodyAsync())["data"]!["attachment_url"].Str();

        var role = "role-files-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(role, "all", """{"case":["read","write"]}""");
        var (user, password) = await server.CreateUserAsync(roleUniqueId: role);
        var client = server.As(user, password);
        await (await client.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "p.png")))).ErrorAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync(url)).ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Null((await (await client.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["photos"]);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(url)).StatusCode);
        await (await admin.GetAsync(url)).ErrorAsync(HttpStatusCode.NotFound);
        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Empty(record["photos"]!.AsArray());
        Assert.False(record["has_photo"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Patch_EditsMetadataOnly_AnswersAttachmentAndRecord_AndLogsHistory()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Pia"}"""))["id"].Str();
        var url = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "p.png")))).OkBodyAsync())["data"]!["attachment_url"].Str();

        var edited = (await (await admin.PatchJsonAsync(url, """
            {"data":{"description":"Side view","is_current":true,"date":"2026-11-01","comments":"taken at intake","signature_provided_by":"Pia","unknown":"dropped"}}
            """)).OkBodyAsync())["data"]!;
        Assert.Equal("Side view", edited["description"].Str());
        Assert.True(edited["is_current"]!.GetValue<bool>());
        Assert.Equal("2026-11-01", edited["date"].Str());
        Assert.Equal("taken at intake", edited["comments"].Str());
        Assert.Equal("Pia", edited["signature_provided_by"].Str());
        Assert.Equal("p.png", edited["file_name"].Str());
        Assert.Equal(url, edited["attachment_url"].Str());
        Assert.Equal(id, edited["record"]!["id"].Str());
        Assert.Equal("Side view", edited["record"]!["photos"]![0]!["description"].Str());

        var record = (await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!;
        Assert.Equal("taken at intake", Assert.Single(record["photos"]!.AsArray())!["comments"].Str());
        var history = (await (await admin.GetAsync($"/api/v2/cases/{id}/record_history")).OkBodyAsync())["data"]!.AsArray();
        var latest = history[0]!["record_changes"]!.AsArray().Select(c => c!.AsObject().First().Key).ToList();
        Assert.Contains("photos", latest);

        // Only the keys sent change: clearing the description leaves the comments.
        var cleared = (await (await admin.PatchJsonAsync(url, """{"data":{"description":null}}""")).OkBodyAsync())["data"]!;
        Assert.Null(cleared["description"]);
        Assert.Equal("taken at intake", cleared["comments"].Str());
    }

    [Fact]
    public async Task Patch_WithTheFileOrWhereItHangs_IsInvalidAttachmentJson_NamingTheKeys_AndChangesNothing()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Quim"}"""))["id"].Str();
        var url = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "q.png")))).OkBodyAsync())["data"]!["attachment_url"].Str();

        var error = await (await admin.PatchJsonAsync(url, $$$"""{"data":{"description":"new","attachment":"{{{Convert.ToBase64String(Png)}}}","file_name":"other.png"}}"""))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid Attachment JSON", error["message"].Str());
        Assert.Equal(["attachment", "file_name"], error["detail"]!.AsArray().Select(d => d.Str()).Order());
        error = await (await admin.PatchJsonAsync(url, """{"data":{"field_name":"other_documents","attachment_type":"document"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["attachment_type", "field_name"], error["detail"]!.AsArray().Select(d => d.Str()).Order());
        // Wrongly typed metadata, and a body without data.
        error = await (await admin.PatchJsonAsync(url, """{"data":{"date":"yesterday","is_current":"yes"}}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["date", "is_current"], error["detail"]!.AsArray().Select(d => d.Str()).Order());
        await (await admin.PatchJsonAsync(url, """{"description":"x"}""")).ErrorAsync(HttpStatusCode.UnprocessableEntity);

        var listed = Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["photos"]!.AsArray())!;
        Assert.Equal("Front", listed["description"].Str());
        Assert.Equal("q.png", listed["file_name"].Str());
        await (await admin.PatchJsonAsync($"/api/v2/cases/{id}/attachments/{Guid.NewGuid()}", """{"data":{"description":"x"}}""")).ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_WithoutWrite_WithoutTheFieldsForm_OrOutOfScope_IsForbidden()
    {
        var admin = server.AsAdmin();
        var id = (await admin.CreateCaseAsync("""{"name_first":"Rui"}"""))["id"].Str();
        var url = (await (await admin.PostAsync($"/api/v2/cases/{id}/attachments", Http.Json(Body("photos", Png, "r.png")))).OkBodyAsync())["data"]!["attachment_url"].Str();
        const string edit = """{"data":{"description":"changed"}}""";

        var readOnly = "role-att-read-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(readOnly, "all", """{"case":["read"]}""", """{"photos_and_audio":"rw"}""");
        var (reader, readerPw) = await server.CreateUserAsync(roleUniqueId: readOnly);
        await (await server.As(reader, readerPw).PatchJsonAsync(url, edit)).ErrorAsync(HttpStatusCode.Forbidden);

        var formRead = "role-att-formr-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(formRead, "all", """{"case":["read","write"]}""", """{"photos_and_audio":"r"}""");
        var (viewer, viewerPw) = await server.CreateUserAsync(roleUniqueId: formRead);
        await (await server.As(viewer, viewerPw).PatchJsonAsync(url, edit)).ErrorAsync(HttpStatusCode.Forbidden);

        var selfScope = "role-att-self-" + Guid.NewGuid().ToString("N")[..8];
        await server.DefineRoleAsync(selfScope, "self", """{"case":["read","write"]}""", """{"photos_and_audio":"rw"}""");
        var (stranger, strangerPw) = await server.CreateUserAsync(roleUniqueId: selfScope);
        await (await server.As(stranger, strangerPw).PatchJsonAsync(url, edit)).ErrorAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Front", Assert.Single((await (await admin.GetAsync($"/api/v2/cases/{id}")).OkBodyAsync())["data"]!["photos"]!.AsArray())!["description"].Str());
    }
}

public sealed class AttachmentTests_Sqlite(SqliteServer server) : AttachmentTests(server), IClassFixture<SqliteServer>;

public sealed class AttachmentTests_Postgres(PostgresServer server) : AttachmentTests(server), IClassFixture<PostgresServer>;
