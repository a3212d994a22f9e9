using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Tests;

/// <summary>A server started without <c>Auth:PasswordHashIterations</c>, as production runs.</summary>
public sealed class DefaultHashingServer : SqliteServer
{
    protected override int? PasswordHashIterations => null;
}

/// <summary>Production hashes passwords at ASP.NET Core Identity's default PBKDF2 cost; only the test servers lower it.</summary>
public sealed class PasswordHashingTests(DefaultHashingServer server) : ServerTests(server), IClassFixture<DefaultHashingServer>
{
    [Fact]
    public async Task WithoutTheSetting_PasswordsAreHashedWith100000Iterations_AndCheaperHashesAreRaisedAtSignIn()
    {
        // The template's admin was hashed at the tests' cost: the setting reached the hasher there.
        Assert.Equal(AmparoServer.TestPasswordHashIterations, Iterations(await HashOfAsync("admin")));

        (await server.AsAdmin().GetAsync("/api/v2/primero_modules")).EnsureSuccessStatusCode();
        Assert.Equal(100_000, Iterations(await HashOfAsync("admin")));

        var (user, _) = await server.CreateUserAsync();
        Assert.Equal(100_000, Iterations(await HashOfAsync(user)));
    }

    private async Task<string> HashOfAsync(string userName)
    {
        var hash = "";
        await server.InTenantAsync(null, async (db, _) => hash = await db.Users.Where(u => u.UserName == userName).Select(u => u.PasswordHash).SingleAsync());
        return hash;
    }

    /// <summary>The iteration count in an Identity V3 hash: format byte 0x01, PRF, iteration count, salt length (big-endian), salt, subkey.</summary>
    private static int Iterations(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
