using HubWatch.Application;
using HubWatch.Application.Scheduling;
using HubWatch.DemoHub.Hosting;
using HubWatch.Web.Admin;
using HubWatch.Web.Api;
using HubWatch.Web.Components;
using MudBlazor.Services;

namespace HubWatch.Web;

/// <summary>The dashboard as one buildable app: Program.cs runs it; tests and <c>hubwatch bench dashboard</c> start the built binary.</summary>
public static class DashboardHost
{
    /// <param name="args">Command-line configuration (<c>--urls</c>, <c>--ConnectionStrings:HubWatch=…</c>), over appsettings.json.</param>
    public static WebApplication Build(string[] args)
    {
        var root = ContentRoot.Locate();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // named, not taken from the entry assembly: a host built inside a test process must still find this project's static web assets
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        // Serves MudBlazor's and Blazor's assets from a built binary outside Development too (stack-notes.md).
        builder.WebHost.UseStaticWebAssets();

        // hosted services start in this order: schema, then the demo hub, then the scheduler that crawls it
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddHubWatch(builder.Configuration, contentRoot);
        builder.Services.AddEmbeddedDemoHub(builder.Configuration, contentRoot);
        builder.Services.AddHubWatchJobs(builder.Configuration, ApplicationServiceCollectionExtensions.ResolveConnectionString(builder.Configuration, contentRoot));
        builder.Services.AddHubWatchHealthChecks();
        builder.Services.AddHubWatchAdmin(builder.Configuration, contentRoot);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddReverseProxy(builder.Configuration);
        builder.Services.AddVisitorRateLimit(builder.Configuration);
        builder.Services.AddFiguresOutputCache();

        var app = builder.Build();
        app.UseReverseProxy(app.Configuration);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseRateLimiter();
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHubWatchApi().RequireRateLimiting(VisitorRateLimit.Policy);
        app.MapHubWatchAdmin();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireRateLimiting(VisitorRateLimit.Policy);
        return app;
    }
}
