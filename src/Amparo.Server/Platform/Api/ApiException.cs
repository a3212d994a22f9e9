using System.Text.Json.Nodes;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// A refusal raised from domain code, answered in Primero's error envelope by <see cref="ApiExceptionFilter"/>: services
/// throw it instead of taking the <c>HttpContext</c> to build an error result themselves.
/// </summary>
internal class ApiException(int status, JsonNode message, JsonNode? detail = null) : Exception(message.ToJsonString())
{
    public int Status { get; } = status;
    public JsonNode Answer { get; } = message;
    public JsonNode? Detail { get; } = detail;
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
            return ApiErrors.Error(context.HttpContext, e.Status, e.Answer.DeepClone(), e.Detail?.DeepClone());
        }
    }
}
