using System.Globalization;

namespace Amparo.Server.Platform.Api;

/// <summary>Primero's timestamps on the wire: ISO-8601 UTC with milliseconds (<c>2019-05-10T05:34:59.514Z</c>).</summary>
internal static class ApiTime
{
    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? t) => t is { } value ? Format(value) : null;
}
