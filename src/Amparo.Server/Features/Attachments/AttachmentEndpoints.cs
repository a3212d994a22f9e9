using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Attachments;

/// <summary>
/// Files on records (Primero §2.5): <c>POST /:type/:id/attachments</c> (base64, to an upload field the role may
/// write), <c>GET …/attachments/:id</c> (the file, to those who may read the field), <c>PATCH</c> (metadata only, cases)
/// and <c>DELETE</c>. The kind of
/// file is judged by its first bytes, not by the name or type the client claims, against the field's allow-list:
/// photos JPEG/PNG, audio MP3/MP4, documents PDF, text, CSV, Word, Excel, JPEG/PNG; 20 MB each, as many per record as
/// the tenant's <c>system_options.maximum_attachments_per_record</c> allows (100 unless configured).
/// The record's field lists its attachments (<c>{id, file_name, content_type, ...}</c>); photos set <c>has_photo</c>.
/// </summary>
internal static class AttachmentEndpoints
{
    private const long MaxFileBytes = 20 * 1024 * 1024;

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var type in RecordType.All)
        {
            var name = type.Name;
            var group = api.MapGroup($"/{type.Path}/{{id}}/attachments").WithTags(type.Path);
            group.MapPost("/", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, RecordChanges changes, TimeProvider clock, string id) =>
                CreateAsync(http, db, permissions, store, changes, clock, type, id)).RequirePermission(name, "write");
            group.MapGet("/{attachmentId:guid}", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, string id, Guid attachmentId) =>
                DownloadAsync(http, db, permissions, store, name, id, attachmentId)).RequirePermission(name, "read");
            // Primero routes the metadata edit for cases only.
            if (type == RecordType.Case)
                group.MapPatch("/{attachmentId:guid}", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordChanges changes, string id, Guid attachmentId) =>
                    UpdateAsync(http, db, permissions, changes, type, id, attachmentId)).RequirePermission(name, "write");
            group.MapDelete("/{attachmentId:guid}", (HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, RecordChanges changes, string id, Guid attachmentId) =>
                DeleteAsync(http, db, permissions, store, changes, type, id, attachmentId)).RequirePermission(name, "write");
        }
        return api;
    }

    /// <summary>What a file's first bytes say it is; null for anything Amparo does not accept.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes, string fileName)
    {
        static bool Starts(ReadOnlySpan<byte> b, params byte[] magic) => b.Length >= magic.Length && b[..magic.Length].SequenceEqual(magic);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (Starts(bytes, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (Starts(bytes, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (Starts(bytes, 0x25, 0x50, 0x44, 0x46, 0x2D)) return "application/pdf";
        if (Starts(bytes, 0x49, 0x44, 0x33) || (bytes.Length > 1 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (bytes.Length > 11 && bytes[4..8].SequenceEqual("ftyp"u8)) return "audio/mp4";
        if (Starts(bytes, 0x50, 0x4B, 0x03, 0x04))
            return extension switch
            {
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => null,
            };
        if (Starts(bytes, 0xD0, 0xCF, 0x11, 0xE0))
            return extension switch { ".doc" => "application/msword", ".xls" => "application/vnd.ms-excel", _ => null };
        if (extension is ".txt" or ".csv" && IsText(bytes)) return extension == ".csv" ? "text/csv" : "text/plain";
        return null;
    }

    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        try { _ = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return !bytes.Contains((byte)0);
    }

    private static readonly Dictionary<UploadKind, HashSet<string>> Allowed = new()
    {
        [UploadKind.Photo] = ["image/jpeg", "image/png"],
        [UploadKind.Audio] = ["audio/mpeg", "audio/mp4"],
        [UploadKind.Document] =
        [
            "application/pdf", "text/plain", "text/csv", "application/msword", "application/vnd.ms-excel", "image/jpeg", "image/png",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ],
    };

    private static JsonObject Descriptor(Attachment a, string path) => new()
    {
        ["id"] = a.Id.ToString(),
        ["field_name"] = a.FieldName,
        ["file_name"] = a.FileName,
        ["content_type"] = a.ContentType,
        ["date"] = a.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["description"] = a.Description,
        ["is_current"] = a.IsCurrent,
        ["comments"] = a.Comments,
        ["signature_provided_by"] = a.SignatureProvidedBy,
        ["attachment_url"] = $"/api/v2/{path}/{a.RecordId}/attachments/{a.Id}",
    };

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, RecordChanges changes,
        TimeProvider clock, RecordType type, string id)
    {
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data", maxBytes: MaxFileBytes * 4 / 3 + 64 * 1024);
        if (bodyError is not null) return bodyError;
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var user = CurrentUser.From(http);
        var access = await permissions.ForRecordAsync(user, record!, http.RequestAborted);
        var fieldName = JsonRead.Str(data!, "field_name") ?? "";
        // Only an upload field of a form the role may write takes files.
        if (access?.Writable.Find(fieldName) is not UploadField field) return ApiErrors.Forbidden(http);

        byte[] content;
        try { content = Convert.FromBase64String(JsonRead.Str(data!, "attachment") ?? ""); }
        catch (FormatException) { return ApiErrors.Invalid(http, "attachment", "errors.attachments.base64"); }
        if (content.Length == 0) return ApiErrors.Invalid(http, "attachment", "errors.attachments.empty");
        if (content.Length > MaxFileBytes) return ApiErrors.Invalid(http, "attachment", "errors.attachments.size");
        var fileName = Path.GetFileName(JsonRead.Str(data!, "file_name") ?? "").Trim();
        if (fileName.Length is 0 or > 255) return ApiErrors.Invalid(http, "file_name", "errors.attachments.file_name");
        var contentType = Sniff(content, fileName);
        if (contentType is null || !Allowed[field.Kind].Contains(contentType)) return ApiErrors.Invalid(http, "attachment", "errors.attachments.type");
        var limit = SystemSettings.TenantSettings.MaximumAttachmentsPerRecord(await SystemSettings.TenantSettings.StoredAsync(db, http.RequestAborted));
        if (await db.Set<Attachment>().CountAsync(a => a.RecordId == record.Id, http.RequestAborted) >= limit)
            return ApiErrors.Invalid(http, "attachment", "errors.attachments.maximum");
        DateOnly? date = null;
        if (JsonRead.Str(data!, "date") is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText.Length >= 10 ? dateText[..10] : dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return ApiErrors.Invalid(http, "date", "errors.attachments.date");
            date = d;
        }

        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(),
            RecordId = record.Id,
            RecordType = type.Name,
            FieldName = fieldName,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Description = JsonRead.Str(data!, "description"),
            Date = date,
            IsCurrent = JsonRead.Bool(data!, "is_current") ?? false,
            Comments = JsonRead.Str(data!, "comments"),
            SignatureProvidedBy = JsonRead.Str(data!, "signature_provided_by"),
            CreatedBy = user.UserName,
            CreatedAt = clock.GetUtcNow(),
        };
        await store.WriteAsync(attachment, content, http.RequestAborted);
        db.Add(attachment);
        try
        {
            var changed = await UpdateRecordFieldAsync(changes, record, fieldName, user, type.Path, await ListOfAsync(db, record.Id, fieldName, http.RequestAborted, attachment), http.RequestAborted);
            var json = Descriptor(attachment, type.Path);
            json["record"] = changed;
            return Results.Json(new JsonObject { ["data"] = json });
        }
        catch
        {
            store.Delete(attachment); // no orphan file when the row could not be written
            throw;
        }
    }

    private static async Task<List<Attachment>> ListOfAsync(AmparoDbContext db, Guid recordId, string fieldName, CancellationToken ct, Attachment? adding = null, Guid? removing = null)
    {
        var list = await db.Set<Attachment>().AsNoTracking().Where(a => a.RecordId == recordId && a.FieldName == fieldName).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        if (adding is not null) list.Add(adding);
        if (removing is { } gone) list.RemoveAll(a => a.Id == gone);
        return list;
    }

    /// <summary>Writes the field's list of attachments (and has_photo) into the record and saves the change; returns the changed part.</summary>
    private static async Task<JsonObject> UpdateRecordFieldAsync(RecordChanges changes, RecordEntity record, string fieldName, CurrentUser user, string path,
        List<Attachment> list, CancellationToken ct)
    {
        var change = changes.Begin(record, user.UserName, user.Id);
        change.Document[fieldName] = new JsonArray([.. list.Select(a => (JsonNode?)Descriptor(a, path))]);
        change.Mark(fieldName);
        if (fieldName == "photos")
        {
            change.Document["has_photo"] = list.Count > 0;
            change.Mark("has_photo");
        }
        // The field is marked, so the change always saves — the attachment rows with it.
        await changes.SaveAsync(change, ct);
        var part = new JsonObject { ["id"] = record.Id.ToString() };
        foreach (var key in change.Changed) part[key] = change.Document[key]?.DeepClone();
        return part;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, string recordType, string id, Guid attachmentId)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, recordType, id);
        var attachment = await db.Set<Attachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RecordId == record!.Id, http.RequestAborted);
        if (attachment is null) return ApiErrors.NotFound(http, $"Couldn't find Attachment with 'id'={attachmentId}");
        var access = await permissions.ForRecordAsync(CurrentUser.From(http), record!, http.RequestAborted);
        if (access is null || !access.CanRead(attachment.FieldName)) return ApiErrors.Forbidden(http);
        var bytes = await store.ReadAsync(attachment, http.RequestAborted);
        if (bytes is null) return ApiErrors.NotFound(http, "The file is missing or damaged.");
        http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { Inline = true, FileName = attachment.FileName }.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Bytes(bytes, attachment.ContentType);
    }

    /// <summary>The file itself and where it hangs are fixed once uploaded: a new file is a new attachment.</summary>
    private static readonly string[] FixedKeys = ["attachment", "attachment_type", "field_name", "file_name"];

    private static readonly Dictionary<string, int> EditableText = new(StringComparer.Ordinal)
    {
        ["description"] = 1000, ["comments"] = 2000, ["signature_provided_by"] = 200,
    };

    /// <summary>
    /// <c>PATCH /cases/:id/attachments/:attachment_id</c>: edits the metadata (description, is_current, date, comments,
    /// signature_provided_by) under the same rule as adding a file (record write and the field writable). Sending the
    /// file or what it is attached to is refused as Primero does, naming the keys; a wrongly typed value is refused too.
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, RecordChanges changes,
        RecordType type, string id, Guid attachmentId)
    {
        var (data, bodyError) = await RequestBody.ReadWrappedAsync(http, "data");
        if (bodyError is not null) return bodyError;
        var fixedSent = FixedKeys.Where(data!.ContainsKey).ToList();
        if (fixedSent.Count > 0) return ApiErrors.Unprocessable(http, "Invalid Attachment JSON", new JsonArray([.. fixedSent.Select(k => (JsonNode?)k)]));
        var invalid = new List<string>();
        foreach (var (key, max) in EditableText)
            if (data.TryGetPropertyValue(key, out var node) && node is not null
                && (node is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > max)) invalid.Add(key);
        if (data.TryGetPropertyValue("is_current", out var current) && (current is not JsonValue cv || !cv.TryGetValue<bool>(out _))) invalid.Add("is_current");
        DateOnly? date = null;
        if (data.TryGetPropertyValue("date", out var dateNode) && dateNode is not null)
        {
            if (dateNode is JsonValue dv && dv.TryGetValue<string>(out var dateText)
                && DateOnly.TryParseExact(dateText.Length >= 10 ? dateText[..10] : dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                date = d;
            else invalid.Add("date");
        }
        if (invalid.Count > 0) return ApiErrors.Unprocessable(http, "Invalid Attachment JSON", new JsonArray([.. invalid.Select(k => (JsonNode?)k)]));

        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var attachment = await db.Set<Attachment>().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RecordId == record!.Id, http.RequestAborted);
        if (attachment is null) return ApiErrors.NotFound(http, $"Couldn't find Attachment with 'id'={attachmentId}");
        var user = CurrentUser.From(http);
        var access = await permissions.ForAsync(user, record!.ModuleId, type.Name, http.RequestAborted);
        if (access?.Writable.Find(attachment.FieldName) is not UploadField) return ApiErrors.Forbidden(http);

        if (data.ContainsKey("description")) attachment.Description = JsonRead.Str(data, "description");
        if (data.ContainsKey("comments")) attachment.Comments = JsonRead.Str(data, "comments");
        if (data.ContainsKey("signature_provided_by")) attachment.SignatureProvidedBy = JsonRead.Str(data, "signature_provided_by");
        if (current is not null) attachment.IsCurrent = current.GetValue<bool>();
        if (data.ContainsKey("date")) attachment.Date = date;
        var list = await ListOfAsync(db, record.Id, attachment.FieldName, http.RequestAborted, removing: attachment.Id);
        list.Add(attachment);
        list.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var changed = await UpdateRecordFieldAsync(changes, record, attachment.FieldName, user, type.Path, list, http.RequestAborted);
        var json = Descriptor(attachment, type.Path);
        json["record"] = changed;
        return Results.Json(new JsonObject { ["data"] = json });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, AttachmentStore store, RecordChanges changes,
        RecordType type, string id, Guid attachmentId)
    {
        var record = await RecordAccess.FindReadableAsync(http, db, type.Name, id, track: true);
        var attachment = await db.Set<Attachment>().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RecordId == record!.Id, http.RequestAborted);
        if (attachment is null) return ApiErrors.NotFound(http, $"Couldn't find Attachment with 'id'={attachmentId}");
        var user = CurrentUser.From(http);
        var access = await permissions.ForRecordAsync(user, record!, http.RequestAborted);
        if (access?.Writable.Find(attachment.FieldName) is not UploadField) return ApiErrors.Forbidden(http);
        db.Remove(attachment);
        await UpdateRecordFieldAsync(changes, record, attachment.FieldName, user, type.Path,
            await ListOfAsync(db, record.Id, attachment.FieldName, http.RequestAborted, removing: attachment.Id), http.RequestAborted);
        store.Delete(attachment);
        return Results.NoContent();
    }
}
