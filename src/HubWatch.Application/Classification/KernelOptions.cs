using HubWatch.Kernels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Classification;

/// <summary>Which similarity kernels the classifier runs on (section <c>Kernels</c>).</summary>
public sealed class KernelOptions
{
    public const string Section = "Kernels";

    /// <summary>A <see cref="KernelPreference"/> by name: Auto (CUDA when present, else SIMD on the CPU), Cpu, IlgpuCpu or Cuda.</summary>
    public string Preference { get; set; } = nameof(KernelPreference.Auto);

    public KernelPreference ParsedPreference => Enum.Parse<KernelPreference>(Preference, ignoreCase: true);
}

internal sealed class KernelOptionsValidator : IValidateOptions<KernelOptions>
{
    public ValidateOptionsResult Validate(string? name, KernelOptions options) =>
        Enum.TryParse<KernelPreference>(options.Preference, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(options.Preference, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{KernelOptions.Section}:Preference must be one of {string.Join(", ", Enum.GetNames<KernelPreference>())}, not '{options.Preference}'.");
}

internal static class KernelRegistration
{
    /// <summary>One accelerator host per process: CUDA when present, else SIMD on the CPU (<c>Kernels:Preference</c> overrides).</summary>
    public static IServiceCollection AddKernels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KernelOptions>().Bind(configuration.GetSection(KernelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KernelOptions>, KernelOptionsValidator>();
        services.AddSingleton(provider => KernelHost.Create(provider.GetRequiredService<IOptions<KernelOptions>>().Value.ParsedPreference));
        return services.AddSingleton(provider => provider.GetRequiredService<KernelHost>().Kernels);
    }
}
