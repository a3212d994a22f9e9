namespace Amparo.Compat.Tests;

/// <summary>A caseworker of the demo agency works their cases in Primero's client.</summary>
[Collection(PrimeroClient.Collection)]
public sealed class CaseworkerJourneyTests(PrimeroClient client)
{
    [Fact]
    public async Task Caseworker_SignsInOnTheStockPageWithTheTheme_AndOut()
    {
        await using var journey = await ClientJourney.StartAsync(client, "caseworker-sign-in");
        await journey.RunAsync(async () =>
        {
            await journey.SignInAsync("caseworker1", PrimeroClient.DemoPassword);
            Assert.Contains(journey.Requests, r => r.Path == "/theme" && r.Status == 200);
            await journey.SignOutAsync();
        });
    }
}
