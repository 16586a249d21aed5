using HubWatch.Formats.Reading;
using static HubWatch.Formats.Tests.Reading.ReadingTestFiles;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>
/// Mutated real files: a reader may accept or refuse each, but only with <see cref="InvalidModelFileException"/>,
/// and no mutant may make it allocate more than a fixed cap (a hostile count must not become a huge allocation).
/// </summary>
public class HeaderFuzzTests
{
    private const int MutantsPerFile = 700;
    private const long AllocationCapBytes = 128L * 1024 * 1024;

    [Theory]
    [InlineData(StoriesF32Safetensors, 4800)]
    [InlineData(StoriesBf16Safetensors, 4800)]
    [InlineData(RnnoiseInt8Safetensors, 2000)]
    public Task Mutated_safetensors_are_read_or_refused_cleanly(string file, int headerBytes) =>
        Fuzz(file, headerBytes, source => SafetensorsReader.ReadHeaderAsync(source, CancellationToken.None));

    [Theory]
    [InlineData(StoriesF32Gguf, 4000)]
    [InlineData(StoriesQ8Gguf, 4000)]
    [InlineData(CorruptGguf, 20_000)]
    public Task Mutated_gguf_are_read_or_refused_cleanly(string file, int headerBytes) =>
        Fuzz(file, headerBytes, source => GgufReader.ReadHeaderAsync(source, CancellationToken.None));

    private static async Task Fuzz(string file, int headerBytes, Func<IByteSource, Task> read)
    {
        var original = Bytes(file);
        var random = new Random(file.Length * 7919);
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var (mutant, description) = HeaderMutator.Mutate(original, headerBytes, random);
            var source = new MemoryByteSource(mutant, knownLength: i % 3 != 0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var accepted = true;
            try
            {
                await read(source);
            }
            catch (InvalidModelFileException)
            {
                accepted = false;
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutant {i} of {file} ({description}) threw {e.GetType().Name}: {e.Message}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < AllocationCapBytes, $"Mutant {i} of {file} ({description}) allocated {allocated} bytes.");
            outcomes[accepted]++;
        }

        // Both outcomes must occur, or the mutations are not reaching the parser (or everything is refused).
        Assert.True(outcomes[false] > 0, "every mutant was accepted");
        if (file != CorruptGguf)
        {
            Assert.True(outcomes[true] > 0, "every mutant was refused");
        }
    }
}
