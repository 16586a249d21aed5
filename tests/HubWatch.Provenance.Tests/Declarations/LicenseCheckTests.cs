using HubWatch.Provenance.Declarations;

namespace HubWatch.Provenance.Tests.Declarations;

public sealed class LicenseCheckTests
{
    [Theory]
    [InlineData("mit", "apache-2.0", true)]
    [InlineData("apache-2.0", "cc-by-nc-4.0", true)]
    [InlineData("cc-by-nc-4.0", "cc-by-nc-4.0", false)]
    [InlineData("apache-2.0", "llama3", true)]
    [InlineData("apache-2.0", "apache-2.0", false)]
    [InlineData("apache-2.0", "mit", false)]
    [InlineData(null, "apache-2.0", false)]
    public void License_conflicts(string? declared, string parent, bool conflict) =>
        Assert.Equal(conflict, LicenseCheck.Conflict(declared, [parent]) is not null);
}
