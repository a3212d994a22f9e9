using Microsoft.AspNetCore.DataProtection;

namespace Amparo.Server.Features.Webhooks;

/// <summary>
/// The webhook signing secrets, kept encrypted in the database: the endpoints protect what an administrator sets,
/// the sender unprotects it to sign each push. The purpose string is part of the key; changing it loses every secret.
/// </summary>
internal static class WebhookSecrets
{
    private const string Purpose = "Amparo.Webhooks.Secret.v1";

    public static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector(Purpose);
}
