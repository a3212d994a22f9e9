using System.Net;

namespace Amparo.Web.Services;

/// <summary>
/// Puts a refused call into words for the user. The server names the rule it applied as an i18n key
/// (<c>errors[0].message[0]</c>, e.g. <c>transition.errors.consent</c>); where the client has words for that key they
/// are shown, otherwise the HTTP status decides, so no refusal is ever silent.
/// </summary>
public static class ApiErrorText
{
    public static string Describe(ApiResult result, UiText text)
    {
        var key = result.FirstError?.MessageKey;
        if (key is not null && UiText.Has("server." + key)) return text["server." + key];
        return result.Status switch
        {
            HttpStatusCode.Forbidden => text["record.action_forbidden"],
            HttpStatusCode.NotFound => text["record.not_found"],
            HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => text["record.conflict"],
            HttpStatusCode.UnprocessableEntity => text["server.invalid"],
            _ => text["error.generic"],
        };
    }
}
