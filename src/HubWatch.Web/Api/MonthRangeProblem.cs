using HubWatch.Domain.Time;

namespace HubWatch.Web.Api;

/// <summary>The <c>from</c> / <c>to</c> query of the trend and chart endpoints (<see cref="MonthRange"/>).</summary>
internal static class MonthRangeProblem
{
    /// <returns>A 400 problem saying what is wrong, or null when the range is usable.</returns>
    public static IResult? Of(string? from, string? to, out MonthRange range) =>
        MonthRange.TryParse(from, to, out range, out var error) ? null : Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
}
