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
        var budget = new HubRequestBudget(new HubBudgetOptions { ApiCallsPerWindow = 10, ResolverCallsPerWindow = 3 }, clock);
        await budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None);

        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() + TimeSpan.FromSeconds(40));
        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() - TimeSpan.FromSeconds(1)); // stale news changes nothing

        var held = budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None);
        for (var i = 0; i < 3; i++) // the other kind's budget is untouched
            Assert.True(budget.AcquireAsync(HubRequestKind.Resolve, CancellationToken.None).IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromSeconds(39));
        Assert.False(held.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await held.WaitAsync(TimeSpan.FromSeconds(30)); // the real-time guard only turns a hang into a failure

        // a full window of 10 from the reset on: the held request and 9 more, then the 11th waits
        for (var i = 0; i < 9; i++)
            Assert.True(budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var options = new HubHttpOptions { Budget = { ApiCallsPerWindow = 0 }, Retry = { MaxAttempts = 0 } };
        var error = Assert.Throws<ArgumentException>(() => new HubResilience(options));
        Assert.Contains("Hub:Http:Budget:ApiCallsPerWindow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Http:Retry:MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Empty(new HubHttpOptions().Validate());
    }
}
