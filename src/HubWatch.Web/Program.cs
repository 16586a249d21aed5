using HubWatch.Application;
using HubWatch.Web;
using HubWatch.Web.Admin;
using HubWatch.Web.Api;
using HubWatch.Web.Components;
using MudBlazor.Services;

var root = ContentRoot.Locate();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
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
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
