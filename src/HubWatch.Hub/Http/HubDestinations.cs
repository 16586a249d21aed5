using System.Net;
using System.Net.Sockets;
using HubWatch.Hub.Api;

namespace HubWatch.Hub.Http;

/// <summary>
/// Where a hub client may go. The hub itself, always (the operator configured it); anywhere else — a CDN a
/// <c>/resolve/</c> redirect names — only over http(s) and only to public addresses, so a hostile hub cannot
/// point HubWatch at its own machine, its network or a cloud metadata service. A hub on a private address (the
/// demo hub, tests, a mirror on the local network) may send HubWatch anywhere on that network too.
/// The check runs where the connection is made, on the addresses DNS actually gave: a name that resolves to a
/// private address is refused as surely as an address literal.
/// </summary>
public sealed class HubDestinations
{
    private readonly Func<Uri> _hub;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="hub">Read per request: the embedded demo hub's address is known only once it has started.</param>
    /// <param name="resolve">DNS; tests give names their own answers.</param>
    public HubDestinations(Func<Uri> hub, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>Sockets that connect only where <see cref="HubDestinations"/> allows, and never follow a redirect themselves.</summary>
    public SocketsHttpHandler CreateHandler() => new() { AllowAutoRedirect = false, ConnectCallback = ConnectAsync };

    /// <summary>Why a redirect to <paramref name="target"/> is not followed; null when it may be.</summary>
    public string? WhyNotFollow(Uri from, Uri target) =>
        WhyNotFollowScheme(from, target)
        ?? (IPAddress.TryParse(target.IdnHost.Trim('[', ']'), out var literal) && !MayConnect(target.IdnHost, literal)
            ? $"a redirect to {target.IdnHost}, a private address, is not followed"
            : null);

    /// <summary>The part of the rules that needs no hub: http(s) only, never from https down to http.</summary>
    public static string? WhyNotFollowScheme(Uri from, Uri target)
    {
        if (!target.IsAbsoluteUri || target.Scheme is not ("http" or "https"))
            return $"a redirect to a {(target.IsAbsoluteUri ? target.Scheme : "relative")} address is not followed (http and https only)";
        return from.Scheme == "https" && target.Scheme == "http" ? "a redirect from https to http is not followed" : null;
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local (cloud metadata lives there), shared, unspecified or multicast.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or >= 224
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }

    private bool HubIsPrivate()
    {
        var host = _hub().IdnHost;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsPrivate(address));
    }

    private bool MayConnect(string host, IPAddress address) =>
        !IsPrivate(address) || host.Equals(_hub().IdnHost, StringComparison.OrdinalIgnoreCase) || HubIsPrivate();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, ct);
        var allowed = addresses.Where(a => MayConnect(host, a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HubRequestException(HttpStatusCode.Forbidden, addresses.Length == 0
                ? $"{host} has no address"
                : $"{host} resolves to {addresses[0]}, a private address: apart from the hub itself, HubWatch connects to public addresses only");
        }
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
    }
}
