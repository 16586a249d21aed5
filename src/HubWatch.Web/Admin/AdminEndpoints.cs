using HubWatch.Application.Faults;
using HubWatch.Application.Scheduling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace HubWatch.Web.Admin;

/// <summary>
/// Sign-in, sign-out and the job actions as form POSTs. Every one checks the antiforgery token; the job actions also
/// need the admin policy, so an anonymous POST gets 401 and runs nothing.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapHubWatchAdmin(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").AddEndpointFilter(RequireAntiforgeryToken);
        admin.MapPost("/login", SignIn);
        admin.MapPost("/logout", SignOut);

        var job = admin.MapGroup("/jobs/{name}").RequireAuthorization(AdminAuthentication.Policy);
        job.MapPost("/run", (string name, JobControl jobs, CancellationToken ct) => AnswerAsync(jobs.RunNowAsync(name, ct)));
        job.MapPost("/pause", (string name, JobControl jobs, CancellationToken ct) => AnswerAsync(jobs.PauseAsync(name, ct)));
        job.MapPost("/resume", (string name, JobControl jobs, CancellationToken ct) => AnswerAsync(jobs.ResumeAsync(name, ct)));
        job.MapPost("/schedule", (string name, [FromForm] string? interval, JobControl jobs, CancellationToken ct) =>
            JobInterval.TryParse(interval, out var parsed)
                ? AnswerAsync(jobs.ChangeIntervalAsync(name, parsed, ct))
                : Task.FromResult(Results.Problem("interval must look like 30m, 2h, 1d12h or 00:30:00.", statusCode: StatusCodes.Status400BadRequest)));
        admin.MapPost("/parked/release", async ([FromForm] string? model, [FromForm] string? step, ModelFaults faults, CancellationToken ct) =>
                model is null || step is null ? Results.Problem("model and step are required.", statusCode: StatusCodes.Status400BadRequest)
                : await faults.ReleaseAsync(model, step, ct) ? Results.Ok(new { message = $"{model} released for {step}." })
                : Results.Problem($"{model} is not parked for {step}.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(AdminAuthentication.Policy);
        return routes;
    }

    private static async Task<IResult> SignIn(HttpContext http, [FromForm] string? secret, [FromForm] string? returnUrl, AdminSecret admin, AdminSessions sessions, SignInThrottle throttle)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.WaitFor(client) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem($"Too many failed sign-ins; try again in {Math.Ceiling(wait.TotalMinutes)} min.", statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (!admin.Matches(secret))
        {
            throttle.Failed(client);
            return Results.Redirect($"{AdminAuthentication.LoginPath}?failed=1&returnUrl={Uri.EscapeDataString(Local(returnUrl))}");
        }
        throttle.Succeeded(client);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AdminAuthentication.Admin(admin, sessions));
        return Results.Redirect(Local(returnUrl));
    }

    private static async Task<IResult> SignOut(HttpContext http, [FromForm] string? returnUrl, AdminSessions sessions)
    {
        sessions.End(http.User); // a copy of the cookie kept somewhere is worth nothing from now on
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect(Local(returnUrl));
    }

    private static async Task<IResult> AnswerAsync(Task<JobActionResult> action)
    {
        var result = await action;
        return result.Outcome switch
        {
            JobActionOutcome.Done => Results.Ok(new { message = result.Message }),
            JobActionOutcome.UnknownJob => Results.Problem(result.Message, statusCode: StatusCodes.Status404NotFound),
            _ => Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static async ValueTask<object?> RequireAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context.HttpContext)
            ? await next(context)
            : Results.Problem("The form's antiforgery token is missing or invalid; reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Only a path on this site, by the rule of ASP.NET Core's <c>LocalRedirect</c>: one leading '/', not followed by
    /// '/' or '\\', and no control character anywhere (browsers drop tabs and newlines, so <c>/\t/evil.example</c>
    /// would become <c>//evil.example</c>). Anything else lands on the landing page.
    /// </summary>
    private static string Local(string? url) =>
        url is ['/'] || (url is ['/', not '/' and not '\\', ..] && !url.Any(char.IsControl)) ? url : "/";
}
