namespace HubWatch.Web;

/// <summary>
/// Where <c>appsettings.json</c>, <c>wwwroot/</c> and the default <c>data/</c> folder live: beside the binary when
/// published, else the repository root (the folder holding HubWatch.sln) — whatever the working directory.
/// </summary>
internal static class ContentRoot
{
    public static string Locate()
    {
        var binary = AppContext.BaseDirectory;
        if (Directory.Exists(Path.Combine(binary, "wwwroot")))
            return binary;
        for (var folder = new DirectoryInfo(binary); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HubWatch.sln")))
                return folder.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
