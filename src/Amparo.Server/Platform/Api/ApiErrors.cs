using System.Text.Json.Nodes;

namespace Amparo.Server.Platform.Api;

/// <summary>
/// Primero's error envelope: <c>{"errors":[{"status","resource","message","detail"?}]}</c>, where
/// <c>resource</c> is the request path.
/// </summary>
internal static class ApiErrors
{
    public static IResult Error(HttpContext http, int status, JsonNode message, JsonNode? detail = null) =>
        Results.Json(new JsonObject { ["errors"] = new JsonArray(Item(http, status, message, detail)) }, statusCode: status);

    /// <summary>One item of the envelope's <c>errors</c> array (also listed on its own by bulk calls).</summary>
    public static JsonObject Item(HttpContext http, int status, JsonNode message, JsonNode? detail = null)
    {
        var item = new JsonObject
        {
            ["status"] = status,
            ["resource"] = http.Request.Path.Value,
            ["message"] = message,
        };
        if (detail is not null) item["detail"] = detail;
        return item;
    }

    public static IResult Forbidden(HttpContext http) => Error(http, 403, "Forbidden");

    public static IResult NotFound(HttpContext http, string detail) => Error(http, 404, "Not Found", detail);

    public static IResult Conflict(HttpContext http) => Error(http, 409, "Conflict: A record with this id already exists");

    public static IResult Unprocessable(HttpContext http, string message, JsonNode? detail = null) => Error(http, 422, message, detail);

    public static IResult InvalidRecord(HttpContext http, IEnumerable<string> pointers) =>
        Error(http, 422, "Invalid Record JSON", new JsonArray([.. pointers.Distinct().Select(p => (JsonNode?)p)]));

    /// <summary>A model validation failure, as Primero reports it: an array of message keys, the attribute as detail.</summary>
    public static IResult Invalid(HttpContext http, string attribute, string messageKey) =>
        Error(http, 422, new JsonArray(messageKey), attribute);

    /// <summary>Writes the envelope straight to the response, for middleware that runs outside endpoints.</summary>
    public static Task WriteAsync(HttpContext http, int status, string message) =>
        Error(http, status, message).ExecuteAsync(http);
}
