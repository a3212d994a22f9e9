using System.Text.Json.Nodes;
using Amparo.Contracts.Wire;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// Primero's error envelope (<see cref="ErrorEnvelope"/>): <c>{"errors":[{"status","resource","message","detail"?}]}</c>,
/// where <c>resource</c> is the request path. Domain code throws <see cref="ApiException"/>; these write it.
/// </summary>
internal static class ApiErrors
{
    public static IResult Error(HttpContext http, int status, JsonNode message, JsonNode? detail = null) =>
        Results.Json(new ErrorEnvelope([Item(http, status, message, detail)]), WireJson.Default.ErrorEnvelope, statusCode: status);

    /// <summary>The refusal an <see cref="ApiException"/> carries, as an answer.</summary>
    public static IResult Error(HttpContext http, ApiException refusal) =>
        Results.Json(new ErrorEnvelope([Item(http, refusal)]), WireJson.Default.ErrorEnvelope, statusCode: refusal.Status);

    /// <summary>One item of the envelope's <c>errors</c> array (also listed on its own by bulk calls).</summary>
    public static ApiError Item(HttpContext http, int status, JsonNode message, JsonNode? detail = null) =>
        new(status, http.Request.Path.Value, message, detail);

    public static ApiError Item(HttpContext http, ApiException refusal) => Item(http, refusal.Status, refusal.Answer.DeepClone(), refusal.Detail?.DeepClone());

    public static IResult Forbidden(HttpContext http) => Error(http, ApiException.Forbidden());

    public static IResult NotFound(HttpContext http, string detail) => Error(http, ApiException.NotFound(detail));

    public static IResult Conflict(HttpContext http) => Error(http, ApiException.Taken());

    public static IResult Unprocessable(HttpContext http, string message, JsonNode? detail = null) => Error(http, ApiException.Unprocessable(message, detail));

    public static IResult InvalidRecord(HttpContext http, IEnumerable<string> pointers) => Error(http, ApiException.InvalidRecord(pointers));

    /// <summary>A model validation failure, as Primero reports it: an array of message keys, the attribute as detail.</summary>
    public static IResult Invalid(HttpContext http, string attribute, string messageKey) => Error(http, ApiException.Invalid(attribute, messageKey));

    /// <summary>429 with the seconds to wait in <c>Retry-After</c>: every rate limit answers so, in the envelope.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan retryAfter, string message = "Too many attempts; retry later.")
    {
        http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(http, StatusCodes.Status429TooManyRequests, message);
    }

    /// <summary>Writes the envelope straight to the response, for middleware that runs outside endpoints.</summary>
    public static Task WriteAsync(HttpContext http, int status, string message) =>
        Error(http, status, message).ExecuteAsync(http);
}
