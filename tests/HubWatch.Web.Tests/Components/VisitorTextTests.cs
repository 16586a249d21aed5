using HubWatch.Web.Components;

namespace HubWatch.Web.Tests.Components;

public sealed class VisitorTextTests
{
    [Theory]
    [InlineData("/api/models answered 500 Internal Server Error: <html>secret stack trace</html>", "/api/models answered 500 Internal Server Error")]
    [InlineData("GET https://cdn.example/file?X-Amz-Signature=abc&token=hf_x failed", "GET https://cdn.example/file?… failed")]
    [InlineData("first line\n   at Some.Stack.Frame()", "first line")]
    [InlineData("  plain words  ", "plain words")]
    public void Bodies_query_strings_and_later_lines_are_left_out(string error, string shown) =>
        Assert.Equal(shown, VisitorText.Of(error));

    [Fact]
    public void A_long_error_is_cut_with_an_ellipsis()
    {
        var shown = VisitorText.Of(new string('x', 5000));
        Assert.Equal(VisitorText.MaxLength, shown.Length);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
    }
}
