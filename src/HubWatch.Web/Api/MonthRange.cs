using HubWatch.Domain.Time;

namespace HubWatch.Web.Api;

/// <summary>The <c>from</c> / <c>to</c> query of the trend and chart endpoints: optional <c>YYYY-MM</c> months, from not after to.</summary>
internal static class MonthRange
{
    /// <returns>A 400 problem saying what is wrong, or null when the range is usable.</returns>
    public static IResult? Problem(string? from, string? to, out YearMonth? first, out YearMonth? last)
    {
        last = null;
        if (!TryParse(from, out first) || !TryParse(to, out last))
            return Results.Problem("from and to must be months in the form YYYY-MM.", statusCode: StatusCodes.Status400BadRequest);
        return first > last ? Results.Problem($"from ({first}) is after to ({last}).", statusCode: StatusCodes.Status400BadRequest) : null;
    }

    private static bool TryParse(string? text, out YearMonth? month)
    {
        month = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!YearMonth.TryParse(text, out var parsed))
            return false;
        month = parsed;
        return true;
    }
}
