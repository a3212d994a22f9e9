using PdfSharp.Fonts;

namespace Amparo.Server.Features.Exports;

/// <summary>
/// Fonts for server-made PDFs. PDFsharp's core build finds no fonts on Linux by itself, and the platform resolver
/// would pick whatever the machine happens to have; this one asks for families with wide Unicode coverage (Latin,
/// Cyrillic, Greek, Arabic letters) in a fixed order, so every export looks the same on every host. The folder can be
/// moved with <c>Exports:FontDirectory</c>; Debian's <c>fonts-dejavu-core</c> provides the first choice.
/// </summary>
internal sealed class ExportFonts : IFontResolver
{
    public const string Family = "Amparo Sans";

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
        ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
        ("noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf"),
    ];

    private static readonly Lock Gate = new();
    private static ExportFonts? _installed;

    private readonly byte[] _regular;
    private readonly byte[]? _bold;

    private ExportFonts(byte[] regular, byte[]? bold)
    {
        _regular = regular;
        _bold = bold;
    }

    /// <summary>
    /// Installs the resolver once per process (PDFsharp keeps it in a static and refuses a second one after first
    /// use); false when no font is found, so the caller can answer with a clear error instead of a broken file.
    /// </summary>
    public static bool EnsureInstalled(string? fontDirectory)
    {
        lock (Gate)
        {
            if (_installed is not null) return true;
            foreach (var root in new[] { fontDirectory, "/usr/share/fonts/truetype", "/usr/local/share/fonts" }.OfType<string>())
                foreach (var (regular, bold) in Candidates)
                {
                    var regularPath = Path.Combine(root, regular);
                    if (!File.Exists(regularPath)) continue;
                    var boldPath = Path.Combine(root, bold);
                    _installed = new ExportFonts(File.ReadAllBytes(regularPath), File.Exists(boldPath) ? File.ReadAllBytes(boldPath) : null);
                    GlobalFontSettings.FontResolver = _installed;
                    return true;
                }
            return false;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        bold && _bold is not null ? new FontResolverInfo("amparo-bold", false, italic) : new FontResolverInfo("amparo-regular", bold, italic);

    public byte[]? GetFont(string faceName) => faceName == "amparo-bold" ? _bold : _regular;
}
