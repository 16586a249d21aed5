#!/usr/bin/env python3
"""Writes the GPTQ, AWQ, MLX and bitsandbytes 4-bit fixtures of PackedReference (see MANIFEST.md): random codes, zeros and fp16 scales, packed
with the loops of the reference pack() and dequantised with the reference formula, line by line in plain Python (no
torch or numpy needed). Run: python3 make_packed.py (writes beside itself; the files are committed)."""
import json, os, random, struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT, IN = 64, 512


def f16(x):  # torch.half: round to nearest even
    return struct.unpack('<e', struct.pack('<e', x))[0]


def i32(words):  # numpy uint32 -> int32 bytes, as torch.from_numpy(qweight.astype(np.int32)) stores them
    return b''.join(struct.pack('<I', w & 0xFFFFFFFF) for w in words)


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def gptq(name, bits, group_size, v2, act_order, seed):
    rng = random.Random(seed)
    maxq = 2 ** bits - 1
    gs = IN if group_size == -1 else group_size
    groups = (IN + gs - 1) // gs
    # auto_gptq/quantization/gptq.py: g_idx = perm[i] // group_size, then g_idx[invperm] (act order); else i // group_size
    if act_order:
        perm = list(range(IN)); rng.shuffle(perm)
        g_idx = [perm[i] // gs for i in range(IN)]
    else:
        g_idx = [i // gs for i in range(IN)]
    intweight = [[rng.randint(0, maxq) for _ in range(OUT)] for _ in range(IN)]  # [in, out], after pack()'s .t()
    zeros = [[rng.randint(1, maxq) for _ in range(OUT)] for _ in range(groups)]  # [groups, out]
    scales = [[f16(rng.uniform(0.001, 0.02)) for _ in range(OUT)] for _ in range(groups)]

    # qlinear_cuda.py pack(): qweight [in // 32 * bits, out]
    qweight = [[0] * OUT for _ in range(IN // 32 * bits)]
    for o in range(OUT):
        i = row = 0
        col = [intweight[k][o] for k in range(IN)]
        while row < len(qweight):
            if bits in (2, 4, 8):
                for j in range(i, i + (32 // bits)):
                    qweight[row][o] |= col[j] << (bits * (j - i))
                i += 32 // bits
                row += 1
            else:  # bits == 3
                for j in range(i, i + 10):
                    qweight[row][o] |= col[j] << (3 * (j - i))
                i += 10
                qweight[row][o] |= col[i] << 30
                row += 1
                qweight[row][o] |= (col[i] >> 2) & 1
                i += 1
                for j in range(i, i + 10):
                    qweight[row][o] |= col[j] << (3 * (j - i) + 1)
                i += 10
                qweight[row][o] |= col[i] << 31
                row += 1
                qweight[row][o] |= (col[i] >> 1) & 0x3
                i += 1
                for j in range(i, i + 10):
                    qweight[row][o] |= col[j] << (3 * (j - i) + 2)
                i += 10
                row += 1
    # pack(): zeros -= 1 (v1 only: GPTQModel's gptq_v2 stores them as they are), then packed along the columns
    stored = [[z - (0 if v2 else 1) for z in row_] for row_ in zeros]
    qzeros = [[0] * (OUT // 32 * bits) for _ in range(groups)]
    for g in range(groups):
        i = col = 0
        z = stored[g]
        while col < len(qzeros[g]):
            if bits in (2, 4, 8):
                for j in range(i, i + (32 // bits)):
                    qzeros[g][col] |= z[j] << (bits * (j - i))
                i += 32 // bits
                col += 1
            else:
                for j in range(i, i + 10):
                    qzeros[g][col] |= z[j] << (3 * (j - i))
                i += 10
                qzeros[g][col] |= z[i] << 30
                col += 1
                qzeros[g][col] |= (z[i] >> 2) & 1
                i += 1
                for j in range(i, i + 10):
                    qzeros[g][col] |= z[j] << (3 * (j - i) + 1)
                i += 10
                qzeros[g][col] |= z[i] << 31
                col += 1
                qzeros[g][col] |= (z[i] >> 1) & 0x3
                i += 1
                for j in range(i, i + 10):
                    qzeros[g][col] |= z[j] << (3 * (j - i) + 2)
                i += 10
                col += 1

    # the dequantisation, from the packed words: unpack as one LSB-first bit stream per 32 values (GPTQModel
    # _unpack_rows_3bit; for 2/4/8 bits wf = [0, bits, 2·bits, …]), zero = (field + 1) & maxq for v1 (GPTQModel
    # _correct_gptq_v1_qzeros), weights = scales[g_idx] * (weight - zeros[g_idx]) in fp16, then .t() to [out, in]
    def field(words, k):
        stream = sum((w & 0xFFFFFFFF) << (32 * n) for n, w in enumerate(words))  # the words as np.uint32 holds them
        return (stream >> (bits * k)) & maxq

    reference = [[0.0] * IN for _ in range(OUT)]
    for i in range(IN):
        for o in range(OUT):
            q = field([qweight[i // 32 * bits + n][o] for n in range(bits)], i % 32)
            g = g_idx[i]
            zw = qzeros[g][o // 32 * bits:o // 32 * bits + bits]
            zero = field(zw, o % 32) if v2 else (field(zw, o % 32) + 1) & maxq
            reference[o][i] = f16(scales[g][o] * (q - zero))

    module = "model.layers.0.self_attn.q_proj"
    tensors = {
        f"{module}.g_idx": ("I32", [IN], i32(g_idx)),
        f"{module}.qweight": ("I32", [IN // 32 * bits, OUT], i32([w for r in qweight for w in r])),
        f"{module}.qzeros": ("I32", [groups, OUT // 32 * bits], i32([w for r in qzeros for w in r])),
        f"{module}.scales": ("F16", [groups, OUT], b''.join(struct.pack('<e', s) for r in scales for s in r)),
    }
    write_safetensors(os.path.join(HERE, f"{name}.safetensors"), tensors)
    write_safetensors(os.path.join(HERE, f"{name}.reference.safetensors"),
                      {f"{module}.weight": ("F32", [OUT, IN], b''.join(struct.pack('<f', v) for r in reference for v in r))})
    config = {"bits": bits, "group_size": group_size, "desc_act": act_order, "sym": False, "quant_method": "gptq",
              "checkpoint_format": "gptq_v2" if v2 else "gptq"}
    with open(os.path.join(HERE, f"{name}.quantize_config.json"), 'w') as f:
        json.dump(config, f, indent=2)


def awq(name, group_size, seed):
    rng = random.Random(seed)
    groups = IN // group_size
    intweight = [[rng.randint(0, 15) for _ in range(OUT)] for _ in range(IN)]  # [in, out]
    zeros = [[rng.randint(0, 15) for _ in range(OUT)] for _ in range(groups)]
    scales = [[f16(rng.uniform(0.001, 0.02)) for _ in range(OUT)] for _ in range(groups)]
    # awq/modules/linear/gemm.py from_linear(): qweight [in, out // 8], order_map [0, 2, 4, 6, 1, 3, 5, 7]
    order_map = [0, 2, 4, 6, 1, 3, 5, 7]
    pack_num = 8
    qweight = [[0] * (OUT // pack_num) for _ in range(IN)]
    for col in range(OUT // pack_num):
        for i in range(pack_num):
            for r in range(IN):
                qweight[r][col] |= intweight[r][col * pack_num + order_map[i]] << (i * 4)
    qzeros = [[0] * (OUT // pack_num) for _ in range(groups)]
    for col in range(OUT // pack_num):
        for i in range(pack_num):
            for g in range(groups):
                qzeros[g][col] |= zeros[g][col * pack_num + order_map[i]] << (i * 4)
    # awq/utils/packing_utils.py dequantize_gemm(): unpack_awq (shifts 0, 4, …, 28), reverse_awq_order, & 15,
    # (iweight - izeros) * scales, both repeat_interleave(group_size) along the inputs; [in, out] -> .T
    reverse = [0, 4, 1, 5, 2, 6, 3, 7]
    reference = [[0.0] * IN for _ in range(OUT)]
    for r in range(IN):
        for o in range(OUT):
            unpacked_index = o // 8 * 8 + reverse[o % 8]
            q = (qweight[r][unpacked_index // 8] >> (4 * (unpacked_index % 8))) & 15
            z = (qzeros[r // group_size][unpacked_index // 8] >> (4 * (unpacked_index % 8))) & 15
            reference[o][r] = f16((q - z) * scales[r // group_size][o])
    module = "model.layers.0.mlp.down_proj"
    tensors = {
        f"{module}.qweight": ("I32", [IN, OUT // 8], i32([w for row_ in qweight for w in row_])),
        f"{module}.qzeros": ("I32", [groups, OUT // 8], i32([w for row_ in qzeros for w in row_])),
        f"{module}.scales": ("F16", [groups, OUT], b''.join(struct.pack('<e', s) for row_ in scales for s in row_)),
    }
    write_safetensors(os.path.join(HERE, f"{name}.safetensors"), tensors)
    write_safetensors(os.path.join(HERE, f"{name}.reference.safetensors"),
                      {f"{module}.weight": ("F32", [OUT, IN], b''.join(struct.pack('<f', v) for row_ in reference for v in row_))})


def awq_gemv(name, group_size, seed):
    rng = random.Random(seed)
    groups = IN // group_size
    intweight = [[rng.randint(0, 15) for _ in range(IN)] for _ in range(OUT)]  # [out, in]
    zeros = [[rng.randint(0, 15) for _ in range(groups)] for _ in range(OUT)]  # pseudo_quantize_tensor: [out, groups]
    scales = [[f16(rng.uniform(0.001, 0.02)) for _ in range(groups)] for _ in range(OUT)]
    # awq/modules/linear/gemv.py calculate_zeros_width(): groups // 8 rounded up, then up to a multiple of 2 for groups
    # of 64 (4 for 32)
    size_multiplier = 1 if group_size >= 128 else 2 if group_size == 64 else 4
    width = (groups + 7) // 8
    width = (width + size_multiplier - 1) // size_multiplier * size_multiplier
    # from_linear(): scales padded with zeros to width * 8 columns; qweight [out, in // 8] and qzeros [out, width], the
    # natural order_map [0, 1, …, 7]
    qscales = [row + [0.0] * (width * 8 - groups) for row in scales]
    qweight = [[0] * (IN // 8) for _ in range(OUT)]
    for col in range(IN // 8):
        for i in range(8):
            for o in range(OUT):
                qweight[o][col] |= intweight[o][col * 8 + i] << (i * 4)
    qzeros = [[0] * width for _ in range(OUT)]
    for col in range((groups + 7) // 8):
        for i in range(8):
            if col * 8 + i >= groups:
                continue
            for o in range(OUT):
                qzeros[o][col] |= zeros[o][col * 8 + i] << (i * 4)
    # the GEMV kernels (awq_ext gemv_forward_cuda): (q - zero) * scale in half, each code unpacked from its own nibble
    reference = [[f16((((qweight[o][i // 8] >> (4 * (i % 8))) & 15) - ((qzeros[o][i // group_size // 8] >> (4 * (i // group_size % 8))) & 15))
                      * qscales[o][i // group_size]) for i in range(IN)] for o in range(OUT)]
    module = "model.layers.0.self_attn.o_proj"
    tensors = {
        f"{module}.qweight": ("I32", [OUT, IN // 8], i32([w for row_ in qweight for w in row_])),
        f"{module}.qzeros": ("I32", [OUT, width], i32([w for row_ in qzeros for w in row_])),
        f"{module}.scales": ("F16", [OUT, width * 8], b''.join(struct.pack('<e', s) for row_ in qscales for s in row_)),
    }
    write_safetensors(os.path.join(HERE, f"{name}.safetensors"), tensors)
    write_safetensors(os.path.join(HERE, f"{name}.reference.safetensors"),
                      {f"{module}.weight": ("F32", [OUT, IN], b''.join(struct.pack('<f', v) for row_ in reference for v in row_))})
    with open(os.path.join(HERE, f"{name}.config.json"), 'w') as f:
        json.dump({"model_type": "llama", "quantization_config": {"quant_method": "awq", "bits": 4, "group_size": group_size,
                                                                   "zero_point": True, "version": "gemv"}}, f, indent=2)


def bf16(x):  # round to nearest even, as MLX's float-to-bfloat16 conversion
    bits = struct.unpack('<I', struct.pack('<f', x))[0]
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
    return struct.unpack('<f', struct.pack('<I', bits))[0]


def mlx(name, bits, group_size, dtype, seed):
    rng = random.Random(seed)
    rnd, pack = (f16, lambda v: struct.pack('<e', v)) if dtype == "F16" else (bf16, lambda v: struct.pack('<f', v)[2:])
    groups = IN // group_size
    codes = [[rng.randint(0, 2 ** bits - 1) for _ in range(IN)] for _ in range(OUT)]
    scales = [[rnd(rng.uniform(-0.02, 0.02)) for _ in range(groups)] for _ in range(OUT)]  # MLX scales may be negative
    biases = [[rnd(rng.uniform(-0.1, 0.1)) for _ in range(groups)] for _ in range(OUT)]
    # mlx/backend/cpu/quantized.cpp quantize(): out_el |= w_el << (k * bits), a row one LSB-first stream (bytes for 3/5/6 bits)
    words = []
    for row in codes:
        stream = 0
        for k, q in enumerate(row):
            stream |= q << (k * bits)
        words += [(stream >> (32 * w)) & 0xFFFFFFFF for w in range(IN * bits // 32)]
    # mlx/ops.cpp dequantize() fallback: w = multiply(w, scales) then add(w, biases), each in the scales' type
    reference = [[rnd(rnd(scales[o][i // group_size] * codes[o][i]) + biases[o][i // group_size]) for i in range(IN)] for o in range(OUT)]
    module = "model.layers.0.mlp.gate_proj"
    tensors = {
        f"{module}.biases": (dtype, [OUT, groups], b''.join(pack(v) for r in biases for v in r)),
        f"{module}.scales": (dtype, [OUT, groups], b''.join(pack(v) for r in scales for v in r)),
        f"{module}.weight": ("U32", [OUT, IN * bits // 32], b''.join(struct.pack('<I', w) for w in words)),
    }
    write_safetensors(os.path.join(HERE, f"{name}.safetensors"), tensors, {"format": "mlx"})
    write_safetensors(os.path.join(HERE, f"{name}.reference.safetensors"),
                      {f"{module}.weight": ("F32", [OUT, IN], b''.join(struct.pack('<f', v) for r in reference for v in r))})
    with open(os.path.join(HERE, f"{name}.config.json"), 'w') as f:
        json.dump({"model_type": "llama", "quantization": {"group_size": group_size, "bits": bits}}, f, indent=2)


def f32(x):  # a float32 operation's result
    return struct.unpack('<f', struct.pack('<f', x))[0]


# bitsandbytes/functional.py get_4bit_type: NF4 as float32 literals (== csrc/kernels.cu nf4_dequantization_lut); FP4 is
# [0, 0.0625, 8, 12, 4, 6, 2, 3] / 12 with bit 3 the sign, and code 8 decodes to -0.0 in the CUDA and C++ kernels
NF4 = [f32(v) for v in (-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                        0.7229568362236023, 1.0)]
FP4 = [f32(v / 12) for v in (0.0, 0.0625, 8.0, 12.0, 4.0, 6.0, 2.0, 3.0)] + [-f32(v / 12) for v in (0.0, 0.0625, 8.0, 12.0, 4.0, 6.0, 2.0, 3.0)]


def bnb4(name, quant_type, blocksize, nested, dtype, storage, seed):
    rng = random.Random(seed)
    n = OUT * IN
    blocks = (n + blocksize - 1) // blocksize
    codes = [rng.randint(0, 15) for _ in range(n)]
    # backends/default/ops.py quantize_4bit: packed = (q[::2] << 4) | q[1::2], shape [(n + 1) // 2, 1]
    packed = bytes((codes[2 * k] << 4) | codes[2 * k + 1] for k in range(n // 2))
    module = "model.layers.0.mlp.gate_proj"
    state = {"quant_type": quant_type, "blocksize": blocksize, "dtype": {"BF16": "bfloat16", "F16": "float16"}[dtype], "shape": [OUT, IN]}
    tensors = {}
    if nested:
        # quantize_4bit(compress_statistics=True): absmax - offset quantised blockwise (256) with an 8-bit map
        nested_blocks = (blocks + 255) // 256
        absmax_codes = [rng.randint(0, 255) for _ in range(blocks)]
        nested_absmax = [f32(rng.uniform(0.005, 0.02)) for _ in range(nested_blocks)]
        nested_map = sorted(f32(rng.uniform(-1, 1)) for _ in range(256))
        offset = f32(0.0123)
        state.update({"nested_blocksize": 256, "nested_dtype": "float32", "nested_offset": offset})
        # dequantize_4bit: absmax = dequantize_blockwise(absmax, state2); absmax += offset (each a float32 operation)
        absmax = [f32(f32(nested_map[absmax_codes[b]] * nested_absmax[b // 256]) + offset) for b in range(blocks)]
        tensors[f"{module}.weight.absmax"] = ("U8", [blocks], bytes(absmax_codes))
        tensors[f"{module}.weight.nested_absmax"] = ("F32", [nested_blocks], b''.join(struct.pack('<f', v) for v in nested_absmax))
        tensors[f"{module}.weight.nested_quant_map"] = ("F32", [256], b''.join(struct.pack('<f', v) for v in nested_map))
    else:
        absmax = [f32(rng.uniform(0.005, 0.05)) for _ in range(blocks)]
        tensors[f"{module}.weight.absmax"] = ("F32", [blocks], b''.join(struct.pack('<f', v) for v in absmax))
    table = NF4 if quant_type == "nf4" else FP4
    tensors[f"{module}.weight.quant_map"] = ("F32", [16], b''.join(struct.pack('<f', v if v != 0 else 0.0) for v in table))
    # quant_storage other than uint8 relabels the same bytes: [(n + 1) // (2 * itemsize), 1]
    tensors[f"{module}.weight"] = ("U8", [n // 2, 1], packed) if storage == "U8" else (storage, [n // 4, 1], packed)
    # utils.py pack_dict_to_tensor: json.dumps(...).encode("utf-8") as a U8 tensor
    blob = json.dumps(state).encode()
    tensors[f"{module}.weight.quant_state.bitsandbytes__{quant_type}"] = ("U8", [len(blob)], blob)
    # _dequantize_4bit_compute: code[q] * absmax[i // blocksize] in float32, then .to(dtype) (round to nearest even)
    rnd = f16 if dtype == "F16" else bf16
    reference = [rnd(f32(table[codes[i]] * absmax[i // blocksize])) for i in range(n)]
    write_safetensors(os.path.join(HERE, f"{name}.safetensors"), dict(sorted(tensors.items())))
    write_safetensors(os.path.join(HERE, f"{name}.reference.safetensors"),
                      {f"{module}.weight": ("F32", [OUT, IN], b''.join(struct.pack('<f', v) for v in reference))})


gptq("gptq2_g64", 2, 64, v2=False, act_order=False, seed=2)
gptq("gptq3_g32_act_v2", 3, 32, v2=True, act_order=True, seed=3)
gptq("gptq4_g128", 4, 128, v2=False, act_order=False, seed=4)
gptq("gptq8_all", 8, -1, v2=False, act_order=False, seed=8)
awq("awq4_g128", 128, seed=44)
awq_gemv("awq4_gemv_g64", 64, seed=45)
mlx("mlx4_g64", 4, 64, "F16", seed=64)
mlx("mlx3_g32_bf16", 3, 32, "BF16", seed=32)
mlx("mlx6_g128", 6, 128, "F16", seed=128)
bnb4("bnb_nf4_b64_nested", "nf4", 64, nested=True, dtype="BF16", storage="U8", seed=41)
bnb4("bnb_fp4_b128", "fp4", 128, nested=False, dtype="F16", storage="U8", seed=42)
bnb4("bnb_nf4_b4096_bf16storage", "nf4", 4096, nested=False, dtype="BF16", storage="BF16", seed=43)
