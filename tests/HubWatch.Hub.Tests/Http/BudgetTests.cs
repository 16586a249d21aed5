using HubWatch.Hub.Http;
using Microsoft.Extensions.Time.Testing;

namespace HubWatch.Hub.Tests.Http;

public sealed class BudgetTests
{
    [Theory]
    [InlineData("https://huggingface.co/api/models?limit=10", HubRequestKind.Api)]
    [InlineData("https://huggingface.co/api", HubRequestKind.Api)]
    [InlineData("https://huggingface.co/apis/x", HubRequestKind.Resolve)]
    [InlineData("https://huggingface.co/org/api/resolve/main/config.json", HubRequestKind.Resolve)]
    [InlineData("https://cdn-lfs.huggingface.co/repos/aa/bb", HubRequestKind.Resolve)]
    public void Api_paths_are_one_kind_everything_else_the_other(string uri, HubRequestKind kind) =>
        Assert.Equal(kind, HubRequestBudget.KindOf(new Uri(uri)));

    [Fact]
    public async Task A_429_exhausts_the_window_until_its_reset_then_a_full_window_starts()
    {
        var clock = new FakeTimeProvider();
        var budget = new HubRequestBudget(new HubBudgetOptions { ApiCallsPerWindow = 10 }, clock);
        await budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None);

        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() + TimeSpan.FromSeconds(40));
        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() - TimeSpan.FromSeconds(1)); // stale news changes nothing

        Assert.Equal(new HubBudgetWindow(10, 10, clock.GetUtcNow() + TimeSpan.FromSeconds(40)), budget.Peek(HubRequestKind.Api));
        Assert.Equal(1500, budget.Peek(HubRequestKind.Resolve).Remaining);
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(10, budget.Peek(HubRequestKind.Api).Remaining);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var options = new HubHttpOptions { Budget = { ApiCallsPerWindow = 0 }, Retry = { MaxAttempts = 0 } };
        var error = Assert.Throws<ArgumentException>(() => new HubResilience(options));
        Assert.Contains("Budget.ApiCallsPerWindow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retry.MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Empty(new HubHttpOptions().Validate());
    }
}
