using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Tests.Hubs;

public sealed class HubOptionsTests
{
    [Theory]
    [InlineData("ftp://huggingface.co", "Hub:BaseUrl")]
    [InlineData("huggingface.co", "Hub:BaseUrl")]
    public void A_bad_hub_url_is_refused_with_the_key_named(string url, string key)
    {
        var error = Validate(new() { ["Hub:BaseUrl"] = url });
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_size_beyond_the_hub_limit_is_refused() =>
        Assert.Contains("Hub:PageSize", Validate(new() { ["Hub:PageSize"] = "5000" }), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("https://huggingface.co")]
    public void The_demo_hub_and_real_urls_are_accepted(string url) => Assert.Null(Validate(new() { ["Hub:BaseUrl"] = url }));

    [Fact]
    public void The_token_is_sent_as_a_bearer_header_and_never_part_of_the_display_name()
    {
        var source = HubSource.Configured(new Uri("https://huggingface.co"), "hf_secret");
        Assert.Equal("huggingface.co", source.DisplayName);
        Assert.DoesNotContain("hf_secret", source.Key, StringComparison.Ordinal);
        Assert.False(source.IsDemo);
    }

    private static string? Validate(Dictionary<string, string?> settings)
    {
        using var database = TestDatabase.CreateEmpty();
        using var services = HubWatchServices.Build(database, HubSource.Demo(), settings);
        try
        {
            _ = services.GetRequiredService<IOptions<HubOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }
}
