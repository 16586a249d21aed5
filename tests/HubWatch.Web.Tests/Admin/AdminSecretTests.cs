using System.Text.RegularExpressions;
using HubWatch.Web.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Web.Tests.Admin;

public sealed partial class AdminSecretTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-admin-").FullName;

    private string File => Path.Combine(_folder, "data", AdminSecret.FileName);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Without_a_configured_secret_one_is_generated_kept_owner_only_and_printed_only_at_that_start()
    {
        using var first = new StringWriter();
        var generated = AdminSecret.Load(null, null, File, first);

        var secret = System.IO.File.ReadAllText(File).Trim();
        Assert.Matches(UrlSafe(), secret);
        Assert.True(secret.Length >= 22, "at least 128 bits"); // 43 characters: 256 bits in base64url
        Assert.Contains(secret, first.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(first.ToString(), Regex.Escape(secret)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File));
        Assert.True(generated.Matches(secret));

        using var second = new StringWriter();
        var again = AdminSecret.Load(null, null, File, second);

        Assert.Equal("", second.ToString());
        Assert.True(again.Matches(secret));
        Assert.Equal(secret, System.IO.File.ReadAllText(File).Trim());
    }

    [Fact]
    public void Two_installs_get_different_secrets()
    {
        var other = Path.Combine(_folder, "other", AdminSecret.FileName);
        AdminSecret.Load(null, null, File, TextWriter.Null);
        AdminSecret.Load(null, null, other, TextWriter.Null);
        Assert.NotEqual(System.IO.File.ReadAllText(File), System.IO.File.ReadAllText(other));
    }

    [Fact]
    public void A_configured_secret_wins_over_the_file_and_the_environment_variable_over_both()
    {
        AdminSecret.Load(null, null, File, TextWriter.Null);
        var stored = System.IO.File.ReadAllText(File).Trim();

        var configured = AdminSecret.Load(null, "configured-secret-0123", File, TextWriter.Null);
        Assert.True(configured.Matches("configured-secret-0123"));
        Assert.False(configured.Matches(stored));
        Assert.Equal(AdminSecret.ConfigurationKey, configured.Source);

        var environment = AdminSecret.Load("environment-secret-0123", "configured-secret-0123", File, TextWriter.Null);
        Assert.True(environment.Matches("environment-secret-0123"));
        Assert.False(environment.Matches("configured-secret-0123"));
    }

    [Fact]
    public void A_configured_secret_writes_and_prints_nothing()
    {
        using var console = new StringWriter();
        AdminSecret.Load(null, "configured-secret-0123", File, console);
        Assert.False(System.IO.File.Exists(File));
        Assert.Equal("", console.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("configured-secret-012")]
    [InlineData("configured-secret-01234")]
    [InlineData("CONFIGURED-SECRET-0123")]
    public void Anything_but_the_secret_is_refused(string? guess) =>
        Assert.False(AdminSecret.Load(null, "configured-secret-0123", File, TextWriter.Null).Matches(guess));

    [Fact]
    public void A_short_configured_secret_stops_the_start_naming_where_it_came_from()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdminSecret.Load("admin", null, File, TextWriter.Null));
        Assert.Contains(AdminSecret.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_secret_changes_the_session_stamp()
    {
        var one = AdminSecret.Load(null, "configured-secret-0123", File, TextWriter.Null);
        var same = AdminSecret.Load(null, "configured-secret-0123", File, TextWriter.Null);
        var other = AdminSecret.Load(null, "configured-secret-4567", File, TextWriter.Null);
        Assert.Equal(one.Stamp, same.Stamp);
        Assert.NotEqual(one.Stamp, other.Stamp);
    }

    [Fact]
    public void A_too_short_configured_secret_stops_the_start_with_its_key_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:HubWatch"] = $"Data Source={Path.Combine(_folder, "data", "hubwatch.db")}",
            [AdminSecret.ConfigurationKey] = "too-short",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddHubWatchAdmin(configuration, _folder).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(AdminSecret.ConfigurationKey, error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File)); // nothing generated for a start that does not happen
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlSafe();
}
