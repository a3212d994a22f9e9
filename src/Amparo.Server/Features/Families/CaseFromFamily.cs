using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Families;

/// <summary>
/// New cases from family members (Primero §1.10, §2.2): <c>POST /families/:id/case</c> (<c>data{family_member_id}</c>,
/// a member of the family's <c>family_members</c>) and <c>POST /cases/:id/family</c> (<c>data{family_detail_id}</c>, a row
/// of the case's <c>family_details_section</c>). The member's answers are mapped to the case's fields and written
/// through the same form engine as any new case, so only what the user may write is kept; the new case is owned by the
/// caller and tied to the family by <c>family_id</c> and <c>family_member_id</c>. Both the family (or case) and its
/// member must be ones the user may read.
/// </summary>
internal static class CaseFromFamily
{
    /// <summary>A family member's (or family-detail row's) answers and the case fields they become.</summary>
    public static readonly IReadOnlyList<(string Member, string Case)> Mapping =
    [
        ("relation_sex", "sex"), ("relation_age", "age"), ("relation_date_of_birth", "date_of_birth"), ("relation_age_estimated", "estimated"),
        ("relation_nickname", "name_nickname"), ("relation_nationality", "nationality"), ("relation_language", "languages"),
        ("relation_telephone", "telephone_current"), ("relation_location_current", "location_current"),
    ];

    public static IEndpointRouteBuilder MapCaseFromFamilyEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/families/{id}/case", FromFamilyAsync).RequirePermission(RecordType.Family.Name, "case_from_family").WithTags("families")
            .WithSummary("A new case from a member of the family: data{family_member_id}.");
        api.MapPost("/cases/{id}/family", FromCaseAsync).RequirePermission(RecordEndpoints.Cases, "case_from_family").WithTags("cases")
            .WithSummary("A new case from a family-member row of this case: data{family_detail_id}.");
        return api;
    }

    /// <summary>The case answers a member's answers give: the name split into first, middle and last; the mapped fields copied.</summary>
    public static JsonObject CaseData(JsonObject member)
    {
        var data = new JsonObject();
        if (JsonRead.Str(member, "relation_name") is { } name && name.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts)
        {
            data["name_first"] = parts[0];
            if (parts.Length > 1) data["name_last"] = parts[^1];
            if (parts.Length > 2) data["name_middle"] = string.Join(' ', parts[1..^1]);
        }
        foreach (var (from, to) in Mapping)
            if (member[from] is { } value) data[to] = value.DeepClone();
        return data;
    }

    private static JsonObject? Row(JsonObject document, string subform, string uniqueId) =>
        (document[subform] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => JsonRead.Str(r, "unique_id") == uniqueId);

    private static async Task<IResult> FromFamilyAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, FormCatalog forms, CreateRecord create, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (JsonRead.Str(data!, "family_member_id") is not { Length: > 0 } memberId) return ApiErrors.Invalid(http, "family_member_id", "errors.models.family.family_member_id");
        var family = await RecordAccess.FindReadableAsync(http, db, RecordType.Family.Name, id);
        var user = CurrentUser.From(http);
        var familyAccess = await permissions.ForAsync(user, family!.ModuleId, RecordType.Family.Name, http.RequestAborted) ?? RecordEndpoints.NoFields;
        // A member the user cannot see on the family cannot be made into a case by them either.
        if (!familyAccess.CanRead("family_members")) return ApiErrors.Forbidden(http);
        var document = JsonNode.Parse(family.Data)!.AsObject();
        if (Row(document, "family_members", memberId) is not { } member) return ApiErrors.NotFound(http, $"Couldn't find family member with 'id'={memberId}");

        var caseData = CaseData(member);
        caseData["module_id"] = await CaseModuleAsync(forms, family.ModuleId, http.RequestAborted);
        var links = new JsonObject { ["family_id"] = family.Id.ToString(), ["family_member_id"] = memberId };
        var (created, _) = await create.CreateAsync(user, RecordEndpoints.Cases, caseData, http.RequestAborted, links);
        var answer = new JsonObject
        {
            ["id"] = family.Id.ToString(),
            ["family_members"] = document["family_members"]?.DeepClone(),
            ["record"] = new JsonObject { ["id"] = created!.Id.ToString(), ["case_id_display"] = created.CaseIdDisplay, ["family_member_id"] = memberId },
        };
        return Results.Json(new JsonObject { ["data"] = answer });
    }

    private static async Task<IResult> FromCaseAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, CreateRecord create, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        if (JsonRead.Str(data!, "family_detail_id") is not { Length: > 0 } detailId) return ApiErrors.Invalid(http, "family_detail_id", "errors.models.case.family_detail_id");
        var source = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var user = CurrentUser.From(http);
        var caseAccess = await permissions.ForAsync(user, source!.ModuleId, RecordEndpoints.Cases, http.RequestAborted) ?? RecordEndpoints.NoFields;
        if (!caseAccess.CanRead("family_details_section")) return ApiErrors.Forbidden(http);
        var document = JsonNode.Parse(source.Data)!.AsObject();
        if (Row(document, "family_details_section", detailId) is not { } row) return ApiErrors.NotFound(http, $"Couldn't find family detail with 'id'={detailId}");

        var caseData = CaseData(row);
        caseData["module_id"] = source.ModuleId;
        // The new case joins the source case's family when it has one, as the member the row stands for when it says so.
        var links = new JsonObject();
        if (JsonRead.Str(document, "family_id") is { } familyId) links["family_id"] = familyId;
        var memberId = JsonRead.Str(row, "family_member_id");
        if (memberId is not null) links["family_member_id"] = memberId;
        var (created, _) = await create.CreateAsync(user, RecordEndpoints.Cases, caseData, http.RequestAborted, links);
        var answer = new JsonObject
        {
            ["id"] = source.Id.ToString(),
            ["family_details_section"] = document["family_details_section"]?.DeepClone(),
            ["record"] = new JsonObject { ["id"] = created!.Id.ToString(), ["case_id_display"] = created.CaseIdDisplay },
        };
        if (memberId is not null) answer["record"]!["family_member_id"] = memberId;
        if (document["family_id"] is { } family) answer["family_id"] = family.DeepClone();
        return Results.Json(new JsonObject { ["data"] = answer });
    }

    /// <summary>The module a case from a family goes to: the family's, when it keeps cases, else the default case module.</summary>
    private static async Task<string?> CaseModuleAsync(FormCatalog forms, string familyModuleId, CancellationToken ct) =>
        await forms.ModuleAsync(familyModuleId, ct) is { } module && FormCatalog.Strings(module.AssociatedRecordTypes).Contains(RecordEndpoints.Cases)
            ? familyModuleId
            : await forms.DefaultModuleAsync(RecordEndpoints.Cases, ct);
}
