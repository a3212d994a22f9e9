using System.Net;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Components;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace Amparo.Web.Tests;

/// <summary>Upload fields on the record page: files through the attachments API, photo previews, downloads, deletes, descriptions.</summary>
public sealed class AttachmentFieldTests : ComponentTest
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly UploadField Photos = new() { Name = "photos", DisplayName = LocalizedText.Of("Photos"), Kind = UploadKind.Photo };
    private static readonly UploadField Documents = new() { Name = "documents", DisplayName = LocalizedText.Of("Documents"), Kind = UploadKind.Document };

    private const string Existing = "0199a1b2-0000-7000-8000-000000000001";

    private async Task<FakeApi> StartAsync()
    {
        var api = new FakeApi().WithPermissions(("case", "read"), ("case", "write"));
        UseServer(api);
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        return api;
    }

    private static JsonObject Descriptor(string id, string fileName, string contentType, string? description = null) => new()
    {
        ["id"] = id,
        ["field_name"] = "photos",
        ["file_name"] = fileName,
        ["content_type"] = contentType,
        ["description"] = description,
        ["attachment_url"] = $"/api/v2/cases/c1/attachments/{id}",
    };

    private IRenderedComponent<AttachmentField> Render(UploadField field, JsonObject data, string? recordId = "c1", bool readOnly = false, List<string>? changed = null) =>
        Ctx.Render<AttachmentField>(p => p
            .AddCascadingValue(new FormContext
            {
                Record = data, RecordPath = "cases", RecordId = recordId,
                AttachmentsChanged = (name, _) => { changed?.Add(name); return Task.CompletedTask; },
            })
            .Add(c => c.Field, field).Add(c => c.Data, data).Add(c => c.ReadOnly, readOnly));

    [Fact]
    public async Task BeforeTheRecordIsSaved_SaysFilesComeAfterSaving_AndOffersNoUpload()
    {
        await StartAsync();
        var cut = Render(Photos, new JsonObject(), recordId: null);
        Assert.Contains("once the record is saved", cut.Find("[data-testid=attachments-after-save]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=upload-photos]"));
    }

    [Fact]
    public async Task Upload_SendsTheFileAsBase64WithItsFieldTypeAndDescription_AndListsTheServersAnswer()
    {
        var api = await StartAsync();
        var added = "0199a1b2-0000-7000-8000-000000000002";
        api.On("POST", "/api/v2/cases/c1/attachments", HttpStatusCode.OK,
                new JsonObject { ["data"] = new JsonObject { ["id"] = added, ["record"] = new JsonObject { ["photos"] = new JsonArray(Descriptor(added, "face.png", "image/png")) } } }.ToJsonString())
           .OnFile($"/api/v2/cases/c1/attachments/{added}", Png, "image/png");
        var data = new JsonObject();
        var changed = new List<string>();
        var cut = Render(Photos, data, changed: changed);

        cut.Find("#attachment-description-photos").Input("At registration");
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Png, "face.png", contentType: "image/png"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=attachment]")));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/attachments").Single().Body)!["data"]!;
        Assert.Equal("photos", sent["field_name"]!.GetValue<string>());
        Assert.Equal("image", sent["attachment_type"]!.GetValue<string>());
        Assert.Equal("face.png", sent["file_name"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Png), sent["attachment"]!.GetValue<string>());
        Assert.Equal("At registration", sent["description"]!.GetValue<string>());
        Assert.Equal(["photos"], changed);
        Assert.Equal(added, data["photos"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Photo_IsPreviewedFromBytesFetchedWithTheSession_NotFromItsUrl()
    {
        var api = await StartAsync();
        api.OnFile($"/api/v2/cases/c1/attachments/{Existing}", Png, "image/png");
        var cut = Render(Photos, new JsonObject { ["photos"] = new JsonArray(Descriptor(Existing, "face.png", "image/png", "Front")) });

        cut.WaitForAssertion(() => Assert.Equal($"data:image/png;base64,{Convert.ToBase64String(Png)}", cut.Find("[data-testid=attachment-preview]").GetAttribute("src")));
        Assert.Equal("Front", cut.Find("[data-testid=attachment-preview]").GetAttribute("alt"));
        Assert.Single(api.Sent("GET", $"/api/v2/cases/c1/attachments/{Existing}"));
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenDetachesTheFile()
    {
        var api = await StartAsync();
        api.OnFile($"/api/v2/cases/c1/attachments/{Existing}", Png, "image/png")
           .On("DELETE", $"/api/v2/cases/c1/attachments/{Existing}", HttpStatusCode.NoContent, "");
        var data = new JsonObject { ["photos"] = new JsonArray(Descriptor(Existing, "face.png", "image/png")) };
        var changed = new List<string>();
        var cut = Render(Photos, data, changed: changed);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=attachment-preview]")));

        cut.Find($"[data-testid=delete-{Existing}]").Click();
        Assert.Empty(api.Sent("DELETE", $"/api/v2/cases/c1/attachments/{Existing}"));
        cut.Find($"[data-testid=delete-yes-{Existing}]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=attachment]")));
        Assert.Single(api.Sent("DELETE", $"/api/v2/cases/c1/attachments/{Existing}"));
        Assert.Empty(data["photos"]!.AsArray());
        Assert.Equal(["photos"], changed);
    }

    [Fact]
    public async Task EditingADescription_PatchesOnlyTheDescription()
    {
        var api = await StartAsync();
        api.OnFile($"/api/v2/cases/c1/attachments/{Existing}", Png, "image/png")
           .On("PATCH", $"/api/v2/cases/c1/attachments/{Existing}", HttpStatusCode.OK, $$$"""{"data":{"id":"{{{Existing}}}","description":"Side view"}}""");
        var data = new JsonObject { ["photos"] = new JsonArray(Descriptor(Existing, "face.png", "image/png", "Front")) };
        var cut = Render(Photos, data);

        cut.Find($"[data-testid=describe-{Existing}]").Click();
        cut.Find($"#describe-input-{Existing}").Input("Side view");
        cut.Find($"[data-testid=describe-save-{Existing}]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Side view", cut.Find("[data-testid=attachment-description]").TextContent));
        var sent = JsonNode.Parse(api.Sent("PATCH", $"/api/v2/cases/c1/attachments/{Existing}").Single().Body)!["data"]!.AsObject();
        Assert.Equal(["description"], sent.Select(kv => kv.Key));
        Assert.Equal("Side view", data["photos"]![0]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARefusedFileType_ShowsTheServersReasonInWords()
    {
        var api = await StartAsync();
        api.On("POST", "/api/v2/cases/c1/attachments", HttpStatusCode.UnprocessableEntity,
            """{"errors":[{"status":422,"resource":"/api/v2/cases/c1/attachments","detail":"attachment","message":["errors.attachments.type"]}]}""");
        var cut = Render(Documents, new JsonObject());

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("MZ not a document", "tool.exe"));

        cut.WaitForAssertion(() => Assert.Contains("not accepted here", cut.Find("[data-testid=attachment-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("document", JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/attachments").Single().Body)!["data"]!["attachment_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFileOver20MB_IsRefusedWithoutSendingIt()
    {
        var api = await StartAsync();
        var cut = Render(Documents, new JsonObject());
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[AttachmentField.MaxBytes + 1], "big.pdf"));
        cut.WaitForAssertion(() => Assert.Contains("larger than 20 MB", cut.Find("[data-testid=attachment-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(api.Sent("POST", "/api/v2/cases/c1/attachments"));
    }

    [Fact]
    public async Task ReadOnlyField_ListsAndDownloadsFiles_ButOffersNoUploadDeleteOrEdit()
    {
        var api = await StartAsync();
        api.OnFile($"/api/v2/cases/c1/attachments/{Existing}", "%PDF-1.4"u8.ToArray(), "application/pdf");
        var cut = Render(Documents, new JsonObject { ["documents"] = new JsonArray(Descriptor(Existing, "report.pdf", "application/pdf")) }, readOnly: true);

        Assert.Equal("report.pdf", cut.Find("[data-testid=attachment-name]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=upload-documents]"));
        Assert.Empty(cut.FindAll($"[data-testid=delete-{Existing}]"));
        Assert.Empty(cut.FindAll($"[data-testid=describe-{Existing}]"));
        Assert.Empty(cut.FindAll("[data-testid=attachment-preview]"));

        cut.Find($"[data-testid=download-{Existing}]").Click();
        cut.WaitForAssertion(() => Assert.Single(Ctx.JSInterop.Invocations, i => i.Identifier == "amparo.saveFile"));
        var save = Ctx.JSInterop.Invocations.Single(i => i.Identifier == "amparo.saveFile");
        Assert.Equal(["report.pdf", "application/pdf", Convert.ToBase64String("%PDF-1.4"u8.ToArray())], save.Arguments.Cast<string>());
    }
}
