namespace Amparo.Server.Tests;

/// <summary>Primero's configuration and sample data live in ../shared beside the repository (AGPL data, never copied in).</summary>
internal static class SharedFixtures
{
    public static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"../shared/fixtures/{relative} was not found beside the repository.");
    }
}
