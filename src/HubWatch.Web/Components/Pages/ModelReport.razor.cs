using System.Globalization;
using HubWatch.Application.Exports;
using HubWatch.Application.Models;
using HubWatch.Domain.Lineage;
using HubWatch.Hub;
using HubWatch.Provenance.Declarations;
using Microsoft.AspNetCore.Components;

namespace HubWatch.Web.Components.Pages;

/// <summary>One model on one or two A4 pages: what a journalist files or an investor attaches to a memo.</summary>
public sealed partial class ModelReport
{
    [Inject] private ModelExports Exports { get; set; } = null!;
    [Inject] private HubSource Hub { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    [Parameter] public string Author { get; set; } = "";
    [Parameter] public string Name { get; set; } = "";

    private ModelExport? _export;
    private bool _loaded;
    private DateTimeOffset _generated;

    private string Id => $"{Author}/{Name}";

    protected override async Task OnParametersSetAsync()
    {
        _export = await Exports.GetAsync(Id, CancellationToken.None);
        _generated = Clock.GetUtcNow();
        _loaded = true;
    }

    /// <summary>The licence-conflict flag when the verdict has one; else the same rule over the parents' stored licences.</summary>
    private string LicenseVerdict(ModelExport export)
    {
        if (export.Detail.Verdict?.Flags.FirstOrDefault(f => f.Kind == FlagKinds.LicenseConflict) is { } flag)
            return flag.Reason;
        var parents = ParentLicenses(export).Select(p => p.License).OfType<string>().Distinct().ToList();
        return LicenseCheck.Conflict(export.Model.License, parents) ?? (parents.Count == 0 ? "nothing to compare: no parent licence is known" : "no conflict found");
    }

    private static IEnumerable<(string Id, string? License)> ParentLicenses(ModelExport export) =>
        (export.Detail.Verdict?.Parents ?? []).Select(p => (p.Id, export.Related.GetValueOrDefault(p.Id)?.License));

    private static string License(string? hubId, string? name = null) => hubId switch
    {
        null or "" => "none declared",
        "other" when !string.IsNullOrWhiteSpace(name) => $"other: {name}",
        _ => SpdxLicenses.IdOf(hubId) is { } spdx ? $"{hubId} (SPDX {spdx})" : $"{hubId} (no SPDX id)",
    };

    /// <summary>The entries of per-parent coefficient lists (mergekit's weight) for parent <paramref name="index"/>.</summary>
    private static string CoefficientsOf(VerdictView verdict, int index) =>
        string.Join(", ", verdict.Coefficients.Where(c => c.Value.Length == verdict.Parents.Count && verdict.Parents.Count > 1)
            .Select(c => $"{c.Key} {c.Value[index].ToString("0.####", CultureInfo.InvariantCulture)}")) is { Length: > 0 } text ? text : "—";

    private static string Coefficients(VerdictView verdict) => verdict.Coefficients.Count == 0 ? "none"
        : string.Join("; ", verdict.Coefficients.Select(c => $"{c.Key} = {string.Join(", ", c.Value.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))}"));

    private static string Cost(FingerprintView? print) => print is null ? "Not fingerprinted yet." :
        $"Decided from {Bytes(print.BytesRead)} bytes read in {print.Requests} requests"
        + (print.FileBytes is > 0 ? $" of {Bytes(print.FileBytes)} bytes of weights ({(100.0 * print.BytesRead / print.FileBytes.Value).ToString("F3", CultureInfo.InvariantCulture)} %)" : "")
        + $" · fingerprint {print.Status.ToLowerInvariant()}, revision {print.Revision}";

    private static string PValue(double p) => p <= 0 ? "< 1e-300" : p.ToString("G2", CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string>? values) => values is null || !values.Any() ? "—" : string.Join(", ", values);

    private static string Bytes(long? bytes) => bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "unknown";
}
