using System.Net;
using System.Net.Sockets;

namespace Amparo.Server.Features.Webhooks;

/// <summary>
/// Keeps webhook pushes off the server's own network. A webhook URL is chosen by a tenant administrator, and on a
/// shared (SaaS) host that must not let them make the server post case data to its database, its cloud metadata
/// service (169.254.169.254) or another tenant's internals. The check runs when the socket connects, on the address
/// actually dialled, so a name that resolves to a public address at save time and to a private one later (DNS
/// rebinding) is refused too; redirects are not followed. A single-office install whose partner system sits on the
/// LAN sets <c>Webhooks:AllowPrivateNetworks=true</c>.
/// </summary>
internal static class WebhookNetwork
{
    public const string AllowPrivateSetting = "Webhooks:AllowPrivateNetworks";

    /// <summary>Loopback, private (RFC 1918, unique-local), shared (CGNAT), link-local, multicast, unspecified and reserved addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b6[0] & 0xFE) == 0xFC;
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2),
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
            203 => b[1] == 0 && b[2] == 113,
            >= 224 => true,
            _ => false,
        };
    }

    /// <summary>A URL whose host is written as an internal address: refused when the webhook is saved, before any push.</summary>
    public static bool NamesInternalAddress(Uri uri) => IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IsInternal(address);

    /// <summary>The handler of the webhook client: no redirects, and (unless allowed) no connection to an internal address.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => allowPrivate || !IsInternal(a)).ToArray();
            if (allowed.Length == 0) throw new HttpRequestException("The webhook's host resolves only to internal addresses, which webhooks may not reach.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
