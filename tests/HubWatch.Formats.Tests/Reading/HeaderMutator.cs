using System.Buffers.Binary;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>Deterministic hostile edits of a real file, aimed mostly at its header where the parser does its work.</summary>
internal static class HeaderMutator
{
    private static readonly ulong[] HugeValues =
        [ulong.MaxValue, long.MaxValue, 1UL << 40, uint.MaxValue, 100_000_001, 1_000_001, 0x8000_0000_0000_0000];

    public static (byte[] Mutant, string Description) Mutate(byte[] original, int headerBytes, Random random)
    {
        var bytes = (byte[])original.Clone();
        var hot = Math.Min(headerBytes, bytes.Length);
        switch (random.Next(4))
        {
            case 0:
                var flips = 1 + random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(hot)] ^= (byte)(1 + random.Next(255));
                }

                return (bytes, $"{flips} byte flips");
            case 1:
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"truncated at {cut}");
            case 2:
                var at = random.Next(hot - 8);
                var huge = HugeValues[random.Next(HugeValues.Length)];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), huge);
                return (bytes, $"{huge} written at {at}");
            default:
                var length = 1 + random.Next(64);
                var from = random.Next(hot - length);
                var to = random.Next(hot - length);
                bytes.AsSpan(from, length).CopyTo(bytes.AsSpan(to));
                return (bytes, $"{length} bytes copied from {from} to {to}");
        }
    }
}
