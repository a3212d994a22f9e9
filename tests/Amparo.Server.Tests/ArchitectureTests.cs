using System.Text;
using System.Text.RegularExpressions;

namespace Amparo.Server.Tests;

/// <summary>
/// The server's layering, checked on its source: Platform is what features stand on, so no file under
/// src/Amparo.Server/Platform may name a feature. Reading the source rather than reflecting over the compiled
/// assembly catches every kind of reference (a using, a type in a method body, a generic argument) without
/// decoding IL; comments and string literals are skipped, so the migrations' snapshots, which name entity types
/// as text, do not count.
/// </summary>
public sealed partial class ArchitectureTests
{
    [Fact]
    public void Platform_ReferencesNoFeature()
    {
        var platform = Path.Combine(RepositoryRoot(), "src", "Amparo.Server", "Platform");
        var files = Directory.EnumerateFiles(platform, "*.cs", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var offenders = files
            .SelectMany(file => FeatureReferences(File.ReadAllText(file)).Select(line => $"{Path.GetRelativePath(platform, file)}:{line}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Platform must not reference Amparo.Server.Features:\n" + string.Join('\n', offenders));
    }

    // The scanner itself: if it stopped seeing references, the test above would pass for nothing.
    [Theory]
    [InlineData("using Amparo.Server.Features.Users;")]
    [InlineData("using static Amparo.Server.Features.Roles.DefaultRoles;")]
    [InlineData("using Users = Amparo.Server.Features.Users;")]
    [InlineData("var u = db.Set<Amparo.Server.Features.Users.User>();")]
    [InlineData("var u = db.Set<global::Amparo.Server.Features.Users.User>();")]
    [InlineData("b.Entity<Features.Audit.AuditEvent>();")] // from inside Amparo.Server.Platform, Features.X is Amparo.Server.Features.X
    [InlineData("var x = new Amparo . Server . Features . Users . User();")]
    public void Scanner_SeesAFeatureReference(string line) =>
        Assert.Equal(2, Assert.Single(FeatureReferences($"namespace Amparo.Server.Platform;\n{line}\n")));

    [Theory]
    [InlineData("b.Entity(\"Amparo.Server.Features.Users.User\", b => { });")]
    [InlineData("var s = @\"Amparo.Server.Features \"\" Features.Users\";")]
    [InlineData("var s = \"\"\"\n Amparo.Server.Features.Users \"quoted\" \n\"\"\";")]
    [InlineData("var s = \"\\\"Amparo.Server.Features.Users\";")]
    [InlineData("var c = '\"'; // Amparo.Server.Features.Users")]
    [InlineData("/* Features.Users, Amparo.Server.Features */ var f = context.Features.Get<object>();")]
    public void Scanner_IgnoresCommentsStringsAndHttpFeatures(string code) =>
        Assert.Empty(FeatureReferences($"namespace Amparo.Server.Platform;\n{code}\n"));

    /// <summary>The lines (1-based) of <paramref name="source"/> whose code names the Amparo.Server.Features namespace.</summary>
    private static List<int> FeatureReferences(string source)
    {
        var lines = CodeOnly(source).Split('\n');
        var found = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var code = DotSpacing().Replace(lines[i], ".");
            if (code.Contains("Amparo.Server.Features", StringComparison.Ordinal) || PartlyQualified().IsMatch(code)) found.Add(i + 1);
        }
        return found;
    }

    [GeneratedRegex(@"\s*\.\s*")]
    private static partial Regex DotSpacing();

    // `Features.X` opening a name (not `context.Features`), which inside Amparo.Server.* means Amparo.Server.Features.X.
    [GeneratedRegex(@"(?<![\w.])Features\.[A-Z]")]
    private static partial Regex PartlyQualified();

    /// <summary>
    /// The source with comments removed and string and character literals emptied, line breaks kept so that
    /// line numbers still match. Handles regular, verbatim (<c>@"..."</c>) and raw (<c>"""..."""</c>) strings.
    /// </summary>
    private static string CodeOnly(string s)
    {
        var code = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
            }
            else if (c == '/' && next == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? s.Length : end + 2;
                code.Append('\n', s[i..stop].Count(ch => ch == '\n'));
                i = stop;
            }
            else if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
                i++;
                code.Append("''");
            }
            else if (c == '"')
            {
                var start = i;
                var quotes = 0;
                while (i + quotes < s.Length && s[i + quotes] == '"') quotes++;
                if (quotes >= 3)
                {
                    var end = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                    i = end < 0 ? s.Length : end + quotes;
                }
                else if (IsVerbatim(s, start))
                {
                    i++;
                    while (i < s.Length && !(s[i] == '"' && (i + 1 >= s.Length || s[i + 1] != '"'))) i += s[i] == '"' ? 2 : 1;
                    i++;
                }
                else
                {
                    i++;
                    while (i < s.Length && s[i] != '"' && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
                    i++;
                }
                code.Append("\"\"").Append('\n', s[start..Math.Min(i, s.Length)].Count(ch => ch == '\n'));
            }
            else
            {
                code.Append(c);
                i++;
            }
        }
        return code.ToString();
    }

    /// <summary>Whether the string opening at <paramref name="quote"/> is verbatim (<c>@"</c>, <c>$@"</c>, <c>@$"</c>).</summary>
    private static bool IsVerbatim(string s, int quote) =>
        (quote >= 1 && s[quote - 1] == '@') || (quote >= 2 && s[quote - 1] == '$' && s[quote - 2] == '@');

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Amparo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Amparo.slnx not found above " + AppContext.BaseDirectory);
    }
}
