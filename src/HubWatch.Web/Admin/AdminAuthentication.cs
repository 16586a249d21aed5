using System.Security.Claims;
using HubWatch.Application;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubWatch.Web.Admin;

/// <summary>
/// Who may run, pause and reschedule jobs: whoever signed in with the admin secret. Everyone else reads the
/// dashboard. The sign-in is a cookie (HttpOnly, SameSite=Strict) holding the admin role.
/// </summary>
internal static class AdminAuthentication
{
    public const string Policy = "Admin";
    public const string Role = "admin";
    public const string LoginPath = "/admin/login";
    private const string StampClaim = "hubwatch:secret-stamp";

    public static IServiceCollection AddHubWatchAdmin(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section))
            .PostConfigure(o => o.FromEnvironment = Environment.GetEnvironmentVariable(AdminSecret.EnvironmentVariable))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        var file = SecretFile(configuration, contentRoot);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<AdminOptions>>().Value;
            return AdminSecret.Load(options.FromEnvironment, options.Secret, file, Console.Out);
        });
        // loaded at start, not at the first sign-in: a generated secret is printed now, a bad stored one stops the start
        services.AddHostedService<AdminSecretAtStart>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottle>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "HubWatch.Admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the dashboard is served over HTTPS; it listens on plain HTTP on loopback by default
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = AdminSessions.IdleLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginPath;
            cookie.AccessDeniedPath = LoginPath;
            // a page visit is sent to the sign-in form; a POST to an admin endpoint gets a plain 401 / 403
            cookie.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var sessions = services.GetRequiredService<AdminSessions>();
                if (context.Principal is not { } user || !IsValid(user, sessions, services.GetRequiredService<AdminSecret>()) || !sessions.Touch(user))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireRole(Role));
        services.AddSingleton<AdminSessions>();
        services.AddScoped<AuthenticationStateProvider, AdminRevalidation>();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static ClaimsPrincipal Admin(AdminSecret secret, AdminSessions sessions) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Role), new Claim(StampClaim, secret.Stamp), new Claim(AdminSessions.Claim, sessions.Begin())],
        CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// Whether a sign-in still holds: made with today's secret, in a session that has not ended. Anyone else (an
    /// anonymous visitor) has nothing to lose, so is valid as they are.
    /// </summary>
    public static bool IsValid(ClaimsPrincipal user, AdminSessions sessions, AdminSecret secret) =>
        user.Identity?.IsAuthenticated != true || (user.FindFirstValue(StampClaim) == secret.Stamp && sessions.IsActive(user));

    /// <summary>The secret file sits beside the database (data/admin-secret by default), where the rest of the state is.</summary>
    private static string SecretFile(IConfiguration configuration, string contentRoot)
    {
        var database = new SqliteConnectionStringBuilder(ApplicationServiceCollectionExtensions.ResolveConnectionString(configuration, contentRoot)).DataSource;
        var folder = Path.IsPathFullyQualified(database) ? Path.GetDirectoryName(database)! : Path.Combine(contentRoot, "data");
        return Path.Combine(folder, AdminSecret.FileName);
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (HttpMethods.IsGet(context.Request.Method))
            context.Response.Redirect(context.RedirectUri);
        else
            context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Resolves the admin secret as the host starts (see <see cref="AdminAuthentication.AddHubWatchAdmin"/>).</summary>
internal sealed class AdminSecretAtStart(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<AdminSecret>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
