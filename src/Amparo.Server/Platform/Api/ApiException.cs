using System.Text.Json.Nodes;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// A refusal raised from domain code, answered in Primero's error envelope by <see cref="ApiExceptionFilter"/>: services
/// throw it instead of taking the <c>HttpContext</c> to build an error result themselves. The factories are Primero's
/// usual refusals, so each message is written once.
/// </summary>
internal class ApiException(int status, JsonNode message, JsonNode? detail = null) : Exception(message.ToJsonString())
{
    public int Status { get; } = status;
    public JsonNode Answer { get; } = message;
    public JsonNode? Detail { get; } = detail;

    public static ApiException Forbidden() => new(403, "Forbidden");

    public static ApiException NotFound(string detail) => new(404, "Not Found", detail);

    /// <summary>A client-chosen id that is taken (offline creation).</summary>
    public static ApiException Taken() => new(409, "Conflict: A record with this id already exists");

    public static ApiException Unprocessable(string message, JsonNode? detail = null) => new(422, message, detail);

    /// <summary>A model validation failure, as Primero reports it: an array of message keys, the attribute as detail.</summary>
    public static ApiException Invalid(string attribute, string messageKey) => new(422, new JsonArray(messageKey), attribute);

    /// <summary>A record's answers refused: the JSON pointers at fault.</summary>
    public static ApiException InvalidRecord(IEnumerable<string> pointers) =>
        new(422, "Invalid Record JSON", new JsonArray([.. pointers.Distinct().Select(p => (JsonNode?)p)]));

    /// <summary>Text that cannot be stored or read as sent (too long, a NUL, invalid Unicode), naming where it is.</summary>
    public static ApiException TextRefused(string field, string problem = "cannot be stored") => Unprocessable($"{field} {problem}", field);

    /// <summary>A required wrapper or list is absent (Rails' <c>ParameterMissing</c>).</summary>
    public static ApiException Missing(string key) => Unprocessable($"param is missing or the value is empty: {key}");
}

/// <summary>The record changed between read and save (optimistic concurrency): the client reads it again.</summary>
internal sealed class ConflictException(string detail) : ApiException(409, "Conflict", detail);

/// <summary>Turns an <see cref="ApiException"/> from any API endpoint into the error envelope; it is an answer, not a server error.</summary>
internal sealed class ApiExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ApiException e)
        {
            return ApiErrors.Error(context.HttpContext, e);
        }
        catch (Exception e) when (Data.DataErrors.InvalidText(e) is { } field)
        {
            // The checks before writing should have caught it; the database refusing text is still the client's error.
            return ApiErrors.Error(context.HttpContext, ApiException.TextRefused(field));
        }
        catch (Exception e) when (Data.DataErrors.StatementTimedOut(e))
        {
            // An answer, not a server error: the operator learns of it from this warning (the path, never the query's values).
            context.HttpContext.RequestServices.GetRequiredService<ILogger<ApiExceptionFilter>>()
                .LogWarning("A statement of {Method} {Path} reached the statement timeout.", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return ApiErrors.Error(context.HttpContext, new ApiException(503, Data.DataErrors.TimedOut));
        }
    }
}
