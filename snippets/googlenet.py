"""GoogLeNet (Szegedy et al., 2015): Table 1 of the paper recomputed from its Inception widths.

A conventional stem (7x7/2 conv, max-pool, 1x1 + 3x3 conv, max-pool) brings 224x224 down to 28x28x192;
nine Inception modules follow (3a-3b at 28x28, 4a-4e at 14x14, 5a-5b at 7x7, with stride-2 max-pools
between the groups); 7x7 global average pooling replaces the big fully connected layers, and one linear
layer gives the 1000 class scores. Pooled sizes are rounded up (224 -> 112 -> 56 -> 28 -> 14 -> 7).
"""

from __future__ import annotations

from dataclasses import dataclass

from _cnn_architectures import conv_params, output_size

# Table 1: input channels, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
INCEPTION_WIDTHS: dict[str, tuple[int, ...]] = {
    "3a": (192, 64, 96, 128, 16, 32, 32), "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64), "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64), "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128), "5a": (832, 256, 160, 320, 32, 128, 128),
    "5b": (832, 384, 192, 384, 48, 128, 128),
}


@dataclass(frozen=True)
class Row:
    """One row of the table: output channels and side, weights and biases, multiply-adds, layers with weights."""

    name: str
    channels: int
    size: int
    params: int
    mult_adds: int
    depth: int


def inception_row(name: str, size: int) -> Row:
    """Output channels, parameters and multiply-adds of one Inception module at a size x size resolution."""
    c, n1, r3, n3, r5, n5, pool = INCEPTION_WIDTHS[name]
    convs = [(c, n1, 1), (c, r3, 1), (r3, n3, 3), (c, r5, 1), (r5, n5, 5), (c, pool, 1)]
    weights = sum(conv_params(i, o, k, bias=False) for i, o, k in convs)
    biases = sum(o for _, o, _ in convs)
    return Row(f"inception ({name})", n1 + n3 + n5 + pool, size, weights + biases, weights * size * size, 2)


def googlenet_table(input_size: int = 224) -> list[Row]:
    """Every row of GoogLeNet's Table 1, computed from the layer configuration alone."""
    rows = []
    size = output_size(input_size, 7, 2, 3)
    rows.append(Row("conv 7x7/2", 64, size, conv_params(3, 64, 7), 7 * 7 * 3 * 64 * size**2, 1))
    size = output_size(size, 3, 2, ceil_mode=True)
    rows.append(Row("max pool 3x3/2", 64, size, 0, 0, 0))
    stem2 = conv_params(64, 64, 1) + conv_params(64, 192, 3)
    rows.append(Row("conv 1x1 + 3x3", 192, size, stem2, (64 * 64 + 9 * 64 * 192) * size**2, 2))
    for group, names in (("3", ("3a", "3b")), ("4", ("4a", "4b", "4c", "4d", "4e")), ("5", ("5a", "5b"))):
        size = output_size(size, 3, 2, ceil_mode=True)
        rows.append(Row(f"max pool 3x3/2 -> {group}", rows[-1].channels, size, 0, 0, 0))
        rows.extend(inception_row(name, size) for name in names)
    rows.append(Row("avg pool 7x7/1", rows[-1].channels, output_size(size, 7, 1), 0, 0, 0))
    rows.append(Row("linear", 1000, 1, 1024 * 1000 + 1000, 1024 * 1000, 1))
    return rows


if __name__ == "__main__":
    table = googlenet_table()
    print(f"{'layer':>20} {'output':>12} {'params':>10} {'mult-adds':>10}")
    for row in table:
        shape = f"{row.size}x{row.size}x{row.channels}"
        print(f"{row.name:>20} {shape:>12} {row.params:>10,d} {row.mult_adds / 1e6:>9.0f}M")

    # Spatial sizes and output depths printed in the paper's Table 1.
    by_name = {row.name: row for row in table}
    assert [r.size for r in table if r.name.startswith(("conv", "max", "avg"))] == [112, 56, 56, 28, 14, 7, 1]
    paper_depths = {"3a": 256, "3b": 480, "4a": 512, "4b": 512, "4c": 512, "4d": 528, "4e": 832, "5a": 832, "5b": 1024}
    assert {name: by_name[f"inception ({name})"].channels for name in paper_depths} == paper_depths
    # Each module consumes exactly what the previous layer produced (the table is self-consistent).
    inceptions = [r for r in table if r.name.startswith("inception")]
    assert [INCEPTION_WIDTHS[r.name[-3:-1]][0] for r in inceptions] == [192] + [r.channels for r in inceptions[:-1]]

    # "22 layers deep when counting only layers with parameters (or 27 layers if we also count pooling)".
    depth = sum(row.depth for row in table)
    pools = sum(1 for row in table if "pool" in row.name)
    assert (depth, depth + pools) == (22, 27)

    # The compute budget of about 1.5 billion multiply-adds, and several times fewer parameters than
    # AlexNet's 60,965,224, largely because global average pooling replaces the big fully connected layers.
    mult_adds = sum(row.mult_adds for row in table)
    params = sum(row.params for row in table)
    print(f"{depth} weight layers, {params / 1e6:.2f}M parameters, {mult_adds / 1e9:.2f}G multiply-adds")
    assert abs(mult_adds / 1.5e9 - 1) < 0.06 and 60_965_224 / params > 8
    print("googlenet: all checks passed")
