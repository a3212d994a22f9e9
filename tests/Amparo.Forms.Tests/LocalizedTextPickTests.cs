using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

/// <summary>The one fallback rule for localised texts that the server and the browser client both use.</summary>
public sealed class LocalizedTextPickTests
{
    private static readonly JsonNode Texts = JsonNode.Parse("""{"en":"Case","fr":"Dossier","ar":"","pt-BR":"Caso"}""")!;

    [Theory]
    [InlineData("fr", "Dossier")]
    [InlineData("fr-CA", "Dossier")]  // region → language
    [InlineData("ar", "Case")]        // empty text → English
    [InlineData("es", "Case")]        // missing language → English
    [InlineData("pt-BR", "Caso")]
    public void Pick_FallsBackFromRegionToLanguageToEnglish(string locale, string expected) =>
        Assert.Equal(expected, LocalizedText.Pick(Texts, locale));

    [Fact]
    public void Pick_WithoutEnglish_TakesAnyText_AndNothingGivesEmpty()
    {
        Assert.Equal("Dossier", LocalizedText.Pick(JsonNode.Parse("""{"fr":"Dossier"}"""), "ar"));
        Assert.Equal("", LocalizedText.Pick(JsonNode.Parse("{}"), "en"));
        Assert.Equal("", LocalizedText.Pick(null, "en"));
        Assert.Equal("Plain", LocalizedText.Pick(JsonValue.Create("Plain"), "fr"));
    }
}
