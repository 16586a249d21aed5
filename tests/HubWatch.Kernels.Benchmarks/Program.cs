using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/HubWatch.Kernels.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(HubWatch.Kernels.Benchmarks.CompareBenchmarks).Assembly).Run(args);
