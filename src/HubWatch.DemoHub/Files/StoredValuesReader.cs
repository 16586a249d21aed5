using HubWatch.DemoHub.Weights;
using HubWatch.Formats.Packed;

namespace HubWatch.DemoHub.Files;

/// <summary>Computes the values a stored tensor holds (before encoding) from the model's weights.</summary>
internal static class StoredValuesReader
{
    public static void Read(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        switch (stored.Values)
        {
            case StoredValues.Values:
                weights.Read(stored.Source, first, destination);
                break;
            case StoredValues.Transposed:
                ReadTransposed(stored, weights, first, destination);
                break;
            case StoredValues.Int8Codes:
            case StoredValues.Int8Scales:
                ReadInt8(stored, weights, first, destination);
                break;
            case StoredValues.LoraA:
                Adapter(weights).ReadA(stored.Source, first, destination);
                break;
            case StoredValues.LoraB:
                Adapter(weights).ReadB(stored.Source, first, destination);
                break;
            case StoredValues.RopePairedRows:
                ReadRopePaired(stored, weights, first, destination);
                break;
            case StoredValues.Fp8BlockCodes:
            case StoredValues.Fp8BlockScales:
                ReadFp8Blocks(stored, weights, first, destination);
                break;
            case StoredValues.Nf4Codes:
            case StoredValues.Nf4Absmax:
                ReadNf4(stored, weights, first, destination);
                break;
            case StoredValues.Nf4QuantMap:
                for (var k = 0; k < destination.Length; k++)
                    destination[k] = NormalFloat4.Levels[(int)first + k];
                break;
            case StoredValues.Nf4QuantState:
                var json = Nf4.StateJson(stored.Source);
                for (var k = 0; k < destination.Length; k++)
                    destination[k] = json[(int)first + k];
                break;
            case StoredValues.AwqScaledNorm:
                weights.Read(stored.Source, first, destination);
                for (var k = 0; k < destination.Length; k++)
                    destination[k] /= AwqScales.Norm(stored.Source, first + k);
                break;
            case StoredValues.GptqScales:
            case StoredValues.AwqScales:
                GroupQuant.ReadScales(stored, weights, first, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(stored));
        }
    }

    private static LowRankWeights Adapter(ModelWeights weights) =>
        weights as LowRankWeights ?? throw new InvalidDataException("an adapter file needs low-rank weights");

    /// <summary>Stored [columns, rows]: element (i, j) is the source's (j, i). Small tensors only (read whole).</summary>
    private static void ReadTransposed(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        var source = weights.ReadAll(stored.Source);
        var (rows, columns) = (stored.Source.Rows, stored.Source.Columns);
        for (var k = 0; k < destination.Length; k++)
        {
            var index = first + k;
            var (i, j) = (index / rows, index % rows);
            destination[k] = source[j * columns + i];
        }
    }

    /// <summary>Row by row from the source row each stored row holds (see <see cref="StoredValues.RopePairedRows"/>).</summary>
    private static void ReadRopePaired(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        var (columns, headSize) = (stored.Source.Columns, stored.Source.Rows / stored.Heads);
        for (var done = 0; done < destination.Length;)
        {
            var (row, column) = Math.DivRem(first + done, columns);
            var (head, within) = Math.DivRem(row, headSize);
            var source = (head * headSize) + (within % 2 * (headSize / 2)) + (within / 2);
            var count = (int)Math.Min(columns - column, destination.Length - done);
            weights.Read(stored.Source, (source * columns) + column, destination.Slice(done, count));
            done += count;
        }
    }

    /// <summary>
    /// Block-scaled FP8, as DeepSeek-V3's fp8 checkpoints: each 128×128 block divided by its max|w| / 448, so its largest
    /// value lands on E4M3's largest. Each band of 128 rows is read whole once (small demo matrices only).
    /// </summary>
    private static void ReadFp8Blocks(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        const int Block = 128;
        var (rows, columns) = (stored.Source.Rows, stored.Source.Columns);
        var blockColumns = (columns + Block - 1) / Block;
        var band = -1L;
        float[] values = [], scales = [];
        for (var k = 0; k < destination.Length; k++)
        {
            var index = first + k;
            var (row, column) = stored.Values == StoredValues.Fp8BlockScales ? (index / blockColumns * Block, index % blockColumns * Block) : Math.DivRem(index, columns);
            if (row / Block != band)
            {
                band = row / Block;
                var bandRows = (int)Math.Min(Block, rows - (band * Block));
                values = new float[bandRows * columns];
                weights.Read(stored.Source, band * Block * columns, values);
                scales = new float[blockColumns];
                for (var i = 0; i < values.Length; i++)
                    scales[i % columns / Block] = Math.Max(scales[i % columns / Block], Math.Abs(values[i]) / 448f);
            }
            var scale = scales[column / Block];
            destination[k] = stored.Values == StoredValues.Fp8BlockScales ? scale
                : scale == 0 ? 0 : values[((row % Block) * columns) + column] / scale;
        }
    }

    /// <summary>bitsandbytes NF4 as <c>quantize_4bit</c> makes it: blocks of 64 flat values, each value's nearest level of w / absmax.</summary>
    private static void ReadNf4(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        Span<float> block = stackalloc float[Nf4.BlockSize];
        var (current, absmax) = (-1L, 0f);
        var elements = stored.Source.Rows * stored.Source.Columns;
        for (var k = 0; k < destination.Length; k++)
        {
            var index = first + k;
            var b = stored.Values == StoredValues.Nf4Absmax ? index : 2 * index / Nf4.BlockSize;
            if (b != current)
            {
                current = b;
                var length = (int)Math.Min(Nf4.BlockSize, elements - (b * Nf4.BlockSize));
                weights.Read(stored.Source, b * Nf4.BlockSize, block[..length]);
                absmax = 0;
                foreach (var v in block[..length])
                    absmax = Math.Max(absmax, Math.Abs(v));
            }
            if (stored.Values == StoredValues.Nf4Absmax)
            {
                destination[k] = absmax;
                continue;
            }
            var at = (int)((2 * index) - (b * Nf4.BlockSize));
            var (high, low) = absmax == 0 ? (7, 7) : (NormalFloat4.Nearest(block[at] / absmax), NormalFloat4.Nearest(block[at + 1] / absmax));
            destination[k] = (high << 4) | low;
        }
    }

    /// <summary>Per-row absmax int8: codes round(w / s) and scales s = max|row| / 127, row by row.</summary>
    private static void ReadInt8(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        var columns = stored.Source.Columns;
        var row = new float[columns];
        var current = -1L;
        var scale = 0f;
        for (var k = 0; k < destination.Length; k++)
        {
            var index = first + k;
            var r = stored.Values == StoredValues.Int8Scales ? index : index / columns;
            if (r != current)
            {
                current = r;
                weights.Read(stored.Source, r * columns, row);
                var max = 0f;
                foreach (var v in row)
                    max = Math.Max(max, Math.Abs(v));
                scale = max / 127f;
            }
            destination[k] = stored.Values == StoredValues.Int8Scales ? scale
                : scale == 0 ? 0 : row[index % columns] / scale;
        }
    }
}
