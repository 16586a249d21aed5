using System.Security.Claims;
using HubWatch.Web.Admin;
using Microsoft.Extensions.Time.Testing;

namespace HubWatch.Web.Tests.Admin;

/// <summary>What the cookie check and an open page's revalidation ask: does this sign-in still hold?</summary>
public sealed class AdminSessionTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AdminSecret _secret = AdminSecret.Load("a-secret-long-enough-for-the-rules-0123", null, "unused", TextWriter.Null);

    [Fact]
    public void A_session_holds_while_used_and_ends_when_idle_for_the_cookie_lifetime_or_signed_out()
    {
        var sessions = new AdminSessions(_clock);
        var admin = AdminAuthentication.Admin(_secret, sessions);
        Assert.True(AdminAuthentication.IsValid(admin, sessions, _secret));

        _clock.Advance(AdminSessions.IdleLifetime - TimeSpan.FromMinutes(1));
        Assert.True(sessions.Touch(admin)); // a request: another idle lifetime from now
        _clock.Advance(AdminSessions.IdleLifetime - TimeSpan.FromMinutes(1));
        Assert.True(AdminAuthentication.IsValid(admin, sessions, _secret));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(AdminAuthentication.IsValid(admin, sessions, _secret));
        Assert.False(sessions.Touch(admin)); // an expired session is not brought back

        var again = AdminAuthentication.Admin(_secret, sessions);
        sessions.End(again);
        Assert.False(AdminAuthentication.IsValid(again, sessions, _secret));
    }

    [Fact]
    public void A_new_secret_or_another_process_ends_every_sign_in_and_visitors_have_nothing_to_lose()
    {
        var sessions = new AdminSessions(_clock);
        var admin = AdminAuthentication.Admin(_secret, sessions);
        var newSecret = AdminSecret.Load("another-secret-long-enough-for-the-rules", null, "unused", TextWriter.Null);

        Assert.False(AdminAuthentication.IsValid(admin, sessions, newSecret));
        Assert.False(AdminAuthentication.IsValid(admin, new AdminSessions(_clock), _secret)); // after a restart
        Assert.True(AdminAuthentication.IsValid(new ClaimsPrincipal(new ClaimsIdentity()), sessions, _secret));
    }
}
