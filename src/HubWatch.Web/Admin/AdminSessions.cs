using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;

namespace HubWatch.Web.Admin;

/// <summary>
/// The admin sign-ins this process knows, each alive until it signs out or goes unused for the cookie's lifetime.
/// A cookie alone proves nothing once its session ended: a copy kept after sign-out is refused, and an open Blazor
/// page (whose circuit sees no cookie) learns at its next revalidation that it is no longer an admin's. Kept in memory:
/// a restart signs every admin out.
/// </summary>
internal sealed class AdminSessions(TimeProvider clock)
{
    public const string Claim = "hubwatch:session";

    /// <summary>As long as the sign-in cookie lives without a request (its sliding expiration).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiresAt = new(StringComparer.Ordinal);

    public string Begin()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _expiresAt[id] = clock.GetUtcNow() + IdleLifetime;
        return id;
    }

    /// <summary>Whether <paramref name="user"/>'s session is alive; a request in it keeps it so for another <see cref="IdleLifetime"/>.</summary>
    public bool Touch(ClaimsPrincipal user)
    {
        if (!IsActive(user))
            return false;
        _expiresAt[user.FindFirstValue(Claim)!] = clock.GetUtcNow() + IdleLifetime;
        return true;
    }

    public bool IsActive(ClaimsPrincipal user)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, expires) in _expiresAt)
        {
            if (expires <= now)
                _expiresAt.TryRemove(id, out _); // a session left to expire is not kept for ever
        }
        return user.FindFirstValue(Claim) is { } session && _expiresAt.ContainsKey(session);
    }

    public void End(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(Claim) is { } session)
            _expiresAt.TryRemove(session, out _);
    }
}
