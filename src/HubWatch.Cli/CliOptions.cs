using System.CommandLine;

namespace HubWatch.Cli;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<string> Database() => new("--db")
    {
        Description = "SQLite file of HubWatch's data (created and migrated when missing)",
        DefaultValueFactory = _ => Path.Combine("data", "hubwatch.db"),
    };

    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of a table" };

    /// <remarks>NaN stays NaN (a benchmark figure with nothing to measure), written as a string.</remarks>
    public static readonly System.Text.Json.JsonSerializerOptions JsonOutput = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
