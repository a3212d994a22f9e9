namespace Amparo.Server.Features.Lookups;

/// <summary>Unique ids made up from display names, for lookups, forms and reports created without one.</summary>
internal static class Slugs
{
    /// <summary>A unique-id fragment from a name: lower-case ASCII letters, digits and dashes.</summary>
    public static string From(string name)
    {
        var chars = name.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? Guid.NewGuid().ToString("N")[..8] : slug;
    }
}
