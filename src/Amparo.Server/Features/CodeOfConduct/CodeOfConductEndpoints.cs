using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.CodeOfConduct;

/// <summary>
/// <c>/api/v2/codes_of_conduct</c>: the version in force (404 when none) and publishing a new one
/// (<c>code_of_conduct:manage</c>; identical content only re-stamps it). Users accept the version in force with
/// <c>POST /api/v2/codes_of_conduct/accept</c> (or Primero's PATCH of their user with <c>code_of_conduct_id</c>).
/// </summary>
internal static class CodeOfConductEndpoints
{
    public static IEndpointRouteBuilder MapCodeOfConductEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/codes_of_conduct", CurrentAsync).WithTags("Code of conduct")
            .PermissionDecidedByHandler("every signed-in user reads the code they must accept");
        api.MapPost("/codes_of_conduct", PublishAsync).RequirePermission("code_of_conduct", "manage").WithTags("Code of conduct");
        api.MapPost("/codes_of_conduct/accept", AcceptAsync).WithTags("Code of conduct")
            .PermissionDecidedByHandler("the caller accepts for their own account only");
        return api;
    }

    public static JsonObject ToJson(CodeOfConductVersion c) => new()
    {
        ["id"] = c.Id,
        ["title"] = c.Title,
        ["content"] = c.Content,
        ["created_on"] = ApiTime.Format(c.CreatedOn),
        ["created_by"] = c.CreatedBy,
    };

    private static async Task<IResult> CurrentAsync(HttpContext http, AmparoDbContext db) =>
        await CodesOfConduct.InForceAsync(db, http.RequestAborted) is { } current
            ? Results.Json(new JsonObject { ["data"] = ToJson(current) })
            : ApiErrors.NotFound(http, "No code of conduct has been published.");

    private static async Task<IResult> PublishAsync(HttpContext http, AmparoDbContext db, TimeProvider clock)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        var title = JsonRead.Str(data!, "title")?.Trim();
        var content = JsonRead.Str(data!, "content");
        if (string.IsNullOrEmpty(title)) return ApiErrors.Invalid(http, "title", "errors.models.code_of_conduct.title");
        if (string.IsNullOrWhiteSpace(content)) return ApiErrors.Invalid(http, "content", "errors.models.code_of_conduct.content");
        var user = CurrentUser.From(http);
        var current = await db.Set<CodeOfConductVersion>().OrderByDescending(c => c.Id).FirstOrDefaultAsync(http.RequestAborted);
        if (current is not null && current.Title == title && current.Content == content)
        {
            current.CreatedOn = clock.GetUtcNow();
            current.CreatedBy = user.UserName;
        }
        else
        {
            db.Add(current = new CodeOfConductVersion { Title = title, Content = content, CreatedOn = clock.GetUtcNow(), CreatedBy = user.UserName });
        }
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = ToJson(current) });
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, AmparoDbContext db, TimeProvider clock)
    {
        var (data, error) = await RequestBody.ReadWrappedAsync(http, "data");
        if (error is not null) return error;
        var current = await CodesOfConduct.InForceAsync(db, http.RequestAborted);
        if (current is null) return ApiErrors.NotFound(http, "No code of conduct has been published.");
        // Only the version in force can be accepted: an old page left open must not count as consent.
        if (JsonRead.Number(data!, "code_of_conduct_id") != current.Id) return ApiErrors.Invalid(http, "code_of_conduct_id", "errors.models.user.code_of_conduct");
        var user = await db.Users.FirstAsync(u => u.Id == CurrentUser.From(http).Id, http.RequestAborted);
        user.CodeOfConductId = current.Id;
        user.CodeOfConductAcceptedOn = clock.GetUtcNow();
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["code_of_conduct_id"] = current.Id, ["code_of_conduct_accepted_on"] = ApiTime.Format(user.CodeOfConductAcceptedOn) } });
    }
}
