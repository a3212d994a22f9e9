using Amparo.Web.Services;

namespace Amparo.Web.Tests;

public sealed class UiTextTests
{
    [Fact]
    public void EveryLanguage_HasEveryEnglishKey()
    {
        var english = UiText.All["en"].Keys.ToHashSet();
        foreach (var (language, table) in UiText.All)
        {
            Assert.Empty(english.Except(table.Keys));
            Assert.All(table.Values, v => Assert.False(string.IsNullOrWhiteSpace(v), $"{language} has an empty text"));
        }
        Assert.Equal(UiText.Languages.Select(l => l.Code).Order(), UiText.All.Keys.Order());
    }

    [Fact]
    public void Arabic_IsRightToLeft_OthersAreNot()
    {
        var text = new UiText();
        Assert.False(text.IsRightToLeft);
        text.SetLanguage("ar");
        Assert.True(text.IsRightToLeft);
        Assert.Equal("تسجيل الدخول", text["login.title"]);
        text.SetLanguage("fr");
        Assert.False(text.IsRightToLeft);
        Assert.Equal("Connexion", text["login.title"]);
    }

    [Fact]
    public void UnknownLanguage_FallsBackToEnglish()
    {
        var text = new UiText();
        text.SetLanguage("xx");
        Assert.Equal("Sign in", text["login.title"]);
    }
}
