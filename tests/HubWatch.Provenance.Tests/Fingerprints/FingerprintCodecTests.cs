using System.Text;
using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

public sealed class FingerprintCodecTests
{
    private static readonly TensorStatistics Statistics = new(4096, 0.001, 0.02, 4.5, 1.3);

    [Fact]
    public void A_fingerprint_keeps_its_cross_block_through_the_database()
    {
        var cross = Enumerable.Range(0, 64).Select(i => 0.01f * (i - 32)).ToArray();
        var tensor = new TensorFingerprint("w", [64, 128], TensorType.BF16, 0, [.. Enumerable.Range(0, 512).Select(i => i * 1e-4f)], [0.1f, 0.2f], Statistics) { Cross = cross };

        var decoded = Assert.Single(FingerprintCodec.Decode(FingerprintCodec.Encode([tensor])));

        Assert.Equal(cross.Length, decoded.Cross.Length);
        Assert.All(cross.Zip(decoded.Cross), p => Assert.Equal(p.First, p.Second, 1e-4));
        Assert.Equal(tensor.Anchor.Length, decoded.Anchor.Length);
    }

    [Fact]
    public void Fingerprints_stored_before_cross_blocks_still_read_without_one()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(BitConverter.ToUInt32(FingerprintCodec.Encode([])));
            writer.Write((byte)2);
            writer.Write(1);
            writer.Write("w");
            writer.Write(nameof(TensorType.F32));
            writer.Write((byte)1);
            writer.Write(3L);
            writer.Write(0L);
            writer.Write(3);
            writer.Write(1f);
            foreach (var v in new[] { 0.5, -1, 1 })
                writer.Write((Half)v);
            writer.Write(0);
            writer.Write(Statistics.Count);
            writer.Write(Statistics.Mean);
            writer.Write(Statistics.Std);
            writer.Write(Statistics.Kurtosis);
            writer.Write(Statistics.Norm);
        }

        var decoded = Assert.Single(FingerprintCodec.Decode(stream.ToArray()));

        Assert.Equal([0.5f, -1f, 1f], decoded.Anchor);
        Assert.Empty(decoded.Cross);
        Assert.Throws<InvalidDataException>(() => FingerprintCodec.Decode([.. stream.ToArray().Take(4), 1, .. stream.ToArray().Skip(5)]));
    }
}
