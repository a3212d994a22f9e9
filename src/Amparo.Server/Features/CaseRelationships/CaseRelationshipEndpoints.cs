using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.CaseRelationships;

/// <summary>
/// Links between cases (Primero §2.8): <c>GET/POST /cases/:id/case_relationships</c>, <c>PATCH/DELETE …/:rel_id</c>.
/// A link is stored once; <c>relationship_type</c> is always told from the case in the path (the inverse when the
/// link was made from the other side). Both cases must be ones the user may open: a link to a case out of the
/// user's scope is neither listed nor changeable, and never shows that case's summary (Primero lists every link).
/// DELETE only disables.
/// </summary>
internal static class CaseRelationshipEndpoints
{
    /// <summary>Primero's only pair: a farm case is <c>farm_for</c> a farmer case, which is <c>farmer_on</c> the farm.</summary>
    public static readonly IReadOnlyDictionary<string, string> Inverse = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["farm_for"] = "farmer_on",
        ["farmer_on"] = "farm_for",
    };

    private const string View = "view_case_relationships";
    private const string Update = "update_case_relationships";

    public static IEndpointRouteBuilder MapCaseRelationshipEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/cases/{id}/case_relationships").WithTags("cases");
        group.MapGet("/", ListAsync).RequirePermission(RecordEndpoints.Cases, View)
            .WithSummary("The case's links to cases the user may open, typed from this case: {data:[relationship]}.");
        group.MapPost("/", CreateAsync).RequirePermission(RecordEndpoints.Cases, Update)
            .WithSummary("Links another case: data{case_id, relationship_type, primary?}.");
        group.MapPatch("/{relationshipId}", PatchAsync).RequirePermission(RecordEndpoints.Cases, Update)
            .WithSummary("Sets primary and/or disabled: data{primary?, disabled?}.");
        group.MapDelete("/{relationshipId}", DisableAsync).RequirePermission(RecordEndpoints.Cases, Update)
            .WithSummary("Disables the link (it is kept).");
        return api;
    }

    /// <summary>The type as seen from <paramref name="caseId"/>.</summary>
    private static string TypeFrom(CaseRelationship r, Guid caseId) =>
        r.FromCaseId == caseId ? r.RelationshipType : Inverse.GetValueOrDefault(r.RelationshipType, r.RelationshipType);

    private static Guid Other(CaseRelationship r, Guid caseId) => r.FromCaseId == caseId ? r.ToCaseId : r.FromCaseId;

    private static async Task<JsonObject> ToJsonAsync(CaseRelationship r, Guid caseId, RecordEntity other, FieldPermissions permissions, CurrentUser user, CancellationToken ct)
    {
        var access = await permissions.ForAsync(user, other.ModuleId, RecordEndpoints.Cases, ct) ?? RecordEndpoints.NoFields;
        return new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["case_id"] = other.Id.ToString(),
            ["relationship_type"] = TypeFrom(r, caseId),
            ["primary"] = r.Primary,
            ["disabled"] = r.Disabled,
            ["data"] = RecordWire.ToJson(other, access, RecordWire.ShortFields),
        };
    }

    /// <summary>The cases among <paramref name="ids"/> that the user may open.</summary>
    private static async Task<Dictionary<Guid, RecordEntity>> ReadableCasesAsync(AmparoDbContext db, CurrentUser user, List<Guid> ids, CancellationToken ct) =>
        await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id) && r.RecordType == RecordEndpoints.Cases)
            .ReadableAmong(db, user).ToDictionaryAsync(r => r.Id, ct);

    private static async Task<IResult> ListAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id)
    {
        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var user = CurrentUser.From(http);
        var caseId = @case!.Id;
        var links = await db.Set<CaseRelationship>().AsNoTracking().Where(r => r.FromCaseId == caseId || r.ToCaseId == caseId)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(http.RequestAborted);
        if (http.Request.Query["relationship_type"].ToString() is { Length: > 0 } type) links = [.. links.Where(r => TypeFrom(r, caseId) == type)];
        var readable = await ReadableCasesAsync(db, user, [.. links.Select(r => Other(r, caseId)).Distinct()], http.RequestAborted);
        var data = new JsonArray();
        foreach (var link in links)
            if (readable.TryGetValue(Other(link, caseId), out var other))
                data.Add((JsonNode)await ToJsonAsync(link, caseId, other, permissions, user, http.RequestAborted));
        return Results.Json(new JsonObject { ["data"] = data });
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, TimeProvider clock, string id)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        var otherText = JsonRead.Str(data!, "case_id");
        if (otherText is null || !Guid.TryParse(otherText, out var otherId)) return ApiErrors.Invalid(http, "case_id", "errors.models.case_relationship.case_id");
        var type = JsonRead.Str(data!, "relationship_type");
        if (type is null || !Inverse.ContainsKey(type)) return ApiErrors.Invalid(http, "relationship_type", "errors.models.case_relationship.relationship_type");
        var primary = false;
        if (data!.TryGetPropertyValue("primary", out var primaryNode) && primaryNode is not null)
        {
            if (primaryNode is not JsonValue pv || !pv.TryGetValue(out primary)) return ApiErrors.Invalid(http, "primary", "errors.models.case_relationship.primary");
        }

        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        if (otherId == @case!.Id) return ApiErrors.Invalid(http, "case_id", "errors.models.case_relationship.self");
        var other = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, otherText);

        var caseId = @case.Id;
        var inverse = Inverse[type];
        // The same link made from either side is one link: enabling it again rather than duplicating it.
        var existing = await db.Set<CaseRelationship>().FirstOrDefaultAsync(r =>
            (r.FromCaseId == caseId && r.ToCaseId == otherId && r.RelationshipType == type) ||
            (r.FromCaseId == otherId && r.ToCaseId == caseId && r.RelationshipType == inverse), http.RequestAborted);
        if (existing is { Disabled: false }) return ApiErrors.Conflict(http);
        var user = CurrentUser.From(http);
        var link = existing ?? new CaseRelationship
        {
            Id = Guid.CreateVersion7(),
            FromCaseId = caseId,
            ToCaseId = otherId,
            RelationshipType = type,
            CreatedBy = user.UserName,
            CreatedAt = clock.GetUtcNow(),
        };
        link.Disabled = false;
        if (existing is null) db.Add(link);
        await SetPrimaryAsync(db, link, caseId, primary, http.RequestAborted);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            return ApiErrors.Conflict(http); // the same link made at the same moment by someone else
        }
        return Results.Json(new JsonObject { ["data"] = await ToJsonAsync(link, caseId, other!, permissions, user, http.RequestAborted) });
    }

    /// <summary>One primary link per type and case: making one primary clears the others of the case in the path.</summary>
    private static async Task SetPrimaryAsync(AmparoDbContext db, CaseRelationship link, Guid caseId, bool primary, CancellationToken ct)
    {
        link.Primary = primary;
        if (!primary) return;
        var type = TypeFrom(link, caseId);
        var others = await db.Set<CaseRelationship>().Where(r => r.Id != link.Id && r.Primary && (r.FromCaseId == caseId || r.ToCaseId == caseId)).ToListAsync(ct);
        foreach (var r in others.Where(r => TypeFrom(r, caseId) == type)) r.Primary = false;
    }

    /// <summary>The link by id, of the case in the path, to a case the user may open; 404 otherwise (an unseen link is not there).</summary>
    private static async Task<(RecordEntity Case, CaseRelationship Link, RecordEntity Other)> FindLinkAsync(
        HttpContext http, AmparoDbContext db, string id, string relationshipId)
    {
        var @case = await RecordAccess.FindReadableAsync(http, db, RecordEndpoints.Cases, id);
        var caseId = @case!.Id;
        var link = Guid.TryParse(relationshipId, out var relId)
            ? await db.Set<CaseRelationship>().FirstOrDefaultAsync(r => r.Id == relId && (r.FromCaseId == caseId || r.ToCaseId == caseId), http.RequestAborted)
            : null;
        var other = link is null ? null : (await ReadableCasesAsync(db, CurrentUser.From(http), [Other(link, caseId)], http.RequestAborted)).Values.FirstOrDefault();
        return other is null
            ? throw ApiException.NotFound($"Couldn't find CaseRelationship with 'id'={relationshipId}")
            : (@case, link!, other);
    }

    private static async Task<IResult> PatchAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id, string relationshipId)
    {
        var data = await RequestBody.ReadWrappedAsync(http, "data");
        bool? primary = null, disabled = null;
        foreach (var key in new[] { "primary", "disabled" })
        {
            if (!data!.TryGetPropertyValue(key, out var node)) continue;
            if (node is not JsonValue v || !v.TryGetValue<bool>(out var flag)) return ApiErrors.Invalid(http, key, $"errors.models.case_relationship.{key}");
            if (key == "primary") primary = flag; else disabled = flag;
        }
        var (@case, link, other) = await FindLinkAsync(http, db, id, relationshipId);
        if (disabled is { } d) link!.Disabled = d;
        if (primary is { } p) await SetPrimaryAsync(db, link!, @case!.Id, p, http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = await ToJsonAsync(link!, @case!.Id, other!, permissions, CurrentUser.From(http), http.RequestAborted) });
    }

    private static async Task<IResult> DisableAsync(HttpContext http, AmparoDbContext db, FieldPermissions permissions, string id, string relationshipId)
    {
        var (@case, link, other) = await FindLinkAsync(http, db, id, relationshipId);
        link!.Disabled = true;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = await ToJsonAsync(link, @case!.Id, other!, permissions, CurrentUser.From(http), http.RequestAborted) });
    }
}
