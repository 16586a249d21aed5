using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace HubWatch.Web.Admin;

/// <summary>
/// A Blazor circuit keeps the user it started with; this checks an admin's sign-in again every
/// <see cref="Interval"/>, so an open page loses its admin buttons soon after the sign-out, the session's expiry or
/// a new admin secret.
/// </summary>
internal sealed class AdminRevalidation(AdminSessions sessions, AdminSecret secret, ILoggerFactory loggers) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(AdminAuthentication.IsValid(authenticationState.User, sessions, secret));
}
