using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace HubWatch.Web;

/// <summary>
/// Behind a TLS-terminating proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the
/// addresses in <c>Proxy:TrustedProxies</c> (addresses or CIDR networks). Then the request is HTTPS as the visitor
/// sent it (the admin cookie is <c>Secure</c>) and comes from the visitor's address (what the sign-in throttle
/// counts). Without the setting the headers are ignored: anyone can send them.
/// </summary>
internal static class ReverseProxy
{
    public const string Section = "Proxy:TrustedProxies";

    /// <exception cref="InvalidOperationException">An entry is neither an address nor a network: the start stops with it named.</exception>
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in configuration.GetSection(Section).Get<string[]>() ?? [])
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                proxies.Add(address);
            else
                throw new InvalidOperationException($"{Section} has '{entry}', which is neither an IP address nor a network such as 10.0.0.0/8.");
        }
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // only these: the defaults (loopback) would let any local process claim to be a visitor's proxy
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
    }

    /// <summary>First, so everything after it sees the visitor's scheme and address.</summary>
    public static IApplicationBuilder UseReverseProxy(this IApplicationBuilder app, IConfiguration configuration) =>
        configuration.GetSection(Section).Get<string[]>() is { Length: > 0 } ? app.UseForwardedHeaders() : app;
}
