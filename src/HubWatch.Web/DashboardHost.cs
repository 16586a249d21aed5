using HubWatch.Application;
using HubWatch.Web.Admin;
using HubWatch.Web.Api;
using HubWatch.Web.Components;
using MudBlazor.Services;

namespace HubWatch.Web;

/// <summary>The dashboard as one buildable app: Program.cs runs it, <c>hubwatch bench dashboard</c> starts it in its own process.</summary>
public static class DashboardHost
{
    /// <param name="args">Command-line configuration (<c>--urls</c>, <c>--ConnectionStrings:HubWatch=…</c>), over appsettings.json.</param>
    public static WebApplication Build(string[] args)
    {
        var root = ContentRoot.Locate();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // named, not taken from the entry assembly, so a host started by the CLI finds this project's static web assets
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        // Serves MudBlazor's and Blazor's assets from a built binary outside Development too (stack-notes.md).
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddHubWatch(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHubWatchHealthChecks();
        builder.Services.AddHubWatchAdmin(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHubWatchApi();
        app.MapHubWatchAdmin();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
