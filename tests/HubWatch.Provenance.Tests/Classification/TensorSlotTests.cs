using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Tests.Classification;

public sealed class TensorSlotTests
{
    [Theory]
    [InlineData("model.layers.3.self_attn.q_proj.weight", "attn_q", 3, -1)]
    [InlineData("blk.3.attn_q.weight", "attn_q", 3, -1)]
    [InlineData("layers.3.attention.wq.weight", "attn_q", 3, -1)]
    [InlineData("model.layers.1.block_sparse_moe.experts.2.w2.weight", "ffn_down", 1, 2)]
    [InlineData("blk.1.ffn_down.2.weight", "ffn_down", 1, 2)]
    [InlineData("token_embd.weight", "embed", -1, -1)]
    [InlineData("input_dense/kernel", "input_dense/kernel", -1, -1)]
    public void Names_of_every_converter_give_one_slot(string name, string role, int layer, int expert) =>
        Assert.Equal(new TensorSlot(role, layer, expert), TensorSlot.Of(name));
}
