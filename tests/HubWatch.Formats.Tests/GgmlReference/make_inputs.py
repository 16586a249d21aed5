# Writes inputs.f32: 12 cases x 256 float32 values (see MANIFEST.md). Python 3 standard library only.
import random, struct
r = random.Random(20240601)
cases = []
cases.append([r.gauss(0, 0.02) for _ in range(256)])                      # 0 weight-like
cases.append([0.0]*256)                                                    # 1 zeros
cases.append([r.uniform(0.5, 1.5) for _ in range(256)])                   # 2 all positive
c = [r.gauss(0, 0.01) for _ in range(256)]
for i, v in [(3, 47.0), (77, -31.5), (140, 22.25), (255, -50.0)]: c[i] = v
cases.append(c)                                                            # 3 outliers
cases.append([r.gauss(0, 1e-6) for _ in range(256)])                      # 4 tiny (fp16 subnormal scales)
cases.append([r.uniform(-1.0, 0.1) for _ in range(256)])                  # 5 negative-dominated
cases.append([0.3]*256)                                                    # 6 constant positive
cases.append([r.gauss(0, 1) * 2.0**(i//32 - 4) for i in range(256)])      # 7 sub-block scales differ
c = []
for b in range(8):
    blk = [r.randint(-127, 126) + 0.5 for _ in range(32)]
    blk[r.randrange(32)] = 127.0 if b % 2 == 0 else -127.0
    c += blk
cases.append(c)                                                            # 8 exact .5 ties with amax 127
cases.append([-0.7]*256)                                                   # 9 constant negative
cases.append([r.gauss(0, 1) for _ in range(256)])                         # 10 unit scale
cases.append([0.0 if (i//32) % 2 == 0 else r.gauss(0, 0.05) for i in range(256)])  # 11 alternate zero sub-blocks
with open('inputs.f32', 'wb') as f:
    for c in cases:
        assert len(c) == 256
        f.write(struct.pack('<256f', *c))
print(len(cases))
