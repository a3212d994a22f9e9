using System.Text.RegularExpressions;

namespace Amparo.Server.Features.Locations;

/// <summary>What a location code may be, wherever locations come from (the API, an HXL file, a Primero import).</summary>
internal static partial class LocationCodes
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    public static partial Regex Pattern();
}
