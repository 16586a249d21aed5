namespace HubWatch.Kernels.Tests;

/// <summary>Every implementation rejects malformed calls before touching memory, with the same messages.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class ArgumentValidationTests(IlgpuCpuHostFixture fixture)
{
    public static TheoryData<string> Implementations => ["cpu-simd", "ilgpu-cpu"];

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Compare_rejects_bad_lengths_and_segments(string name)
    {
        var k = fixture.ByName(name);
        var query = new float[10];
        var stored = new float[20];
        var out2x2 = new float[4];

        Assert.Contains("count × D", Throws(() => k.Compare(query, new float[19], 2, [0, 5, 10], out2x2, new float[4])));
        Assert.Contains("start at 0", Throws(() => k.Compare(query, stored, 2, [1, 5, 10], out2x2, new float[4])));
        Assert.Contains("end at D", Throws(() => k.Compare(query, stored, 2, [0, 5, 9], out2x2, new float[4])));
        Assert.Contains("ascending", Throws(() => k.Compare(query, stored, 2, [0, 6, 5, 10], new float[6], new float[6])));
        Assert.Contains("T+1 bounds", Throws(() => k.Compare(query, stored, 2, [], out2x2, new float[4])));
        Assert.Contains("cosine", Throws(() => k.Compare(query, stored, 2, [0, 5, 10], new float[3], new float[4])));
        Assert.Contains("correlation", Throws(() => k.Compare(query, stored, 2, [0, 5, 10], out2x2, new float[5])));
        Throws(() => k.Compare(query, stored, -1, [0, 5, 10], out2x2, new float[4]));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void RowCosines_rejects_bad_lengths(string name)
    {
        var k = fixture.ByName(name);
        Assert.Contains("n × d", Throws(() => k.RowCosines(new float[11], 3, new float[8], 2, 4, new float[6])));
        Assert.Contains("m × d", Throws(() => k.RowCosines(new float[12], 3, new float[9], 2, 4, new float[6])));
        Assert.Contains("n × m", Throws(() => k.RowCosines(new float[12], 3, new float[8], 2, 4, new float[7])));
        Throws(() => k.RowCosines([], 0, [], 0, -1, []));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Empty_inputs_are_valid_and_do_nothing(string name)
    {
        var k = fixture.ByName(name);
        k.Compare(new float[4], [], 0, [0, 4], [], []);
        k.RowCosines([], 0, new float[8], 2, 4, []);

        // An empty segment is allowed and scores 0.
        var cos = new float[2];
        var corr = new float[2];
        k.Compare([1f, 2f], [1f, 2f], 1, [0, 0, 2], cos, corr);
        Assert.Equal([0f, 1f], cos);
    }

    private static string Throws(Action call) => Assert.ThrowsAny<ArgumentException>(call).Message;
}
