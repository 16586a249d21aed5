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
    public async Task A_429_holds_its_kind_back_until_the_reset_and_the_window_refills_on_the_clock()
    {
        var clock = new FakeTimeProvider();
        using var budget = new HubRequestBudget(new HubBudgetOptions { ApiCallsPerWindow = 3, ResolverCallsPerWindow = 3, Window = TimeSpan.FromMinutes(5) }, clock);
        (await budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None)).Dispose();

        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() + TimeSpan.FromSeconds(40));
        budget.ExhaustUntil(HubRequestKind.Api, clock.GetUtcNow() - TimeSpan.FromSeconds(1)); // stale news changes nothing

        var held = budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None).AsTask();
        for (var i = 0; i < 3; i++) // the other kind's budget is untouched
            Assert.True(budget.AcquireAsync(HubRequestKind.Resolve, CancellationToken.None).IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromSeconds(39));
        Assert.False(held.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await held.WaitAsync(TimeSpan.FromSeconds(30))).Dispose(); // the real-time guard only turns a hang into a failure

        // the window's third and last request, then the next waits for the refill at five minutes
        Assert.True(budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None).IsCompletedSuccessfully);
        var queued = budget.AcquireAsync(HubRequestKind.Api, CancellationToken.None).AsTask();
        var cancelled = new CancellationTokenSource();
        var given = budget.AcquireAsync(HubRequestKind.Api, cancelled.Token).AsTask();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);
        Assert.False(queued.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(40));
        Assert.True((await queued.WaitAsync(TimeSpan.FromSeconds(30))).IsAcquired);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var options = new HubHttpOptions { Budget = { ApiCallsPerWindow = 0 }, Retry = { MaxAttempts = 0, TotalTimeout = TimeSpan.FromDays(2) }, Breaker = { FailureThreshold = 1 } };
        var error = Assert.Throws<ArgumentException>(() => new HubResilience(options));
        Assert.Contains("Hub:Http:Budget:ApiCallsPerWindow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Http:Retry:MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Http:Retry:TotalTimeout (seconds) must be at most", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Http:Breaker:FailureThreshold must be at least 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(new HubHttpOptions().Validate());
    }
}
