# Tensors the entry makes (torch.zeros/ones/full/arange/eye/tensor, the
# *_like and new_* forms, with dtype, device and requires_grad options),
# tensors it cuts into tuples (chunk, split, unbind) and unpacks, triangles
# and masks (tril, triu, masked_fill), norms (F.normalize, Tensor.norm),
# dropout without training, and `~`. Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def zeros_ones_forms(x):
    a = torch.zeros(3, 4)
    b = torch.ones((3, 4))
    c = torch.zeros([3, 4], dtype=torch.float64)
    d = torch.ones(size=(3, 4), dtype=torch.int32)
    return x + a, x * b, c, d


def full_dtypes(x):
    return (torch.full((2, 3), 7), torch.full((2, 3), 0.25), torch.full((2, 3), True),
            torch.full((2, 3), 2, dtype=torch.float16) + x[:2, :3].half())


def like_forms(x):
    return (torch.zeros_like(x), torch.ones_like(x) + x, torch.full_like(x, -1.5),
            torch.ones_like(x, dtype=torch.int64))


def like_of_int(x):
    return torch.zeros_like(x), torch.full_like(x, 3.7), torch.ones_like(x, dtype=torch.float32)


def new_forms(x):
    return x.new_zeros(2, 3), x.new_ones((4,)), x.new_full((2, 2), 5), x.new_tensor([1, 2, 3])


def factory_options(x):
    return (torch.zeros(3, 4, device="cpu") + x,
            torch.ones(3, 4, dtype=x.dtype, device=x.device, requires_grad=False) * x,
            torch.zeros(2, layout=torch.strided))


def arange_forms(x):
    return (torch.arange(5), torch.arange(2, 9, 3), torch.arange(0.0, 1.0, 0.25),
            torch.arange(6, dtype=torch.float32) * x, torch.arange(end=4), torch.arange(5, 0, -2))


def arange_positions(x):
    t = x.shape[-1]
    pos = torch.arange(t).unsqueeze(0)
    return x + pos, pos


def eye_forms(x):
    return torch.eye(3), torch.eye(2, 4), torch.eye(3, dtype=torch.int64), x @ torch.eye(4)


def tensor_literals(x):
    w = torch.tensor([[1.0, -2.0], [0.5, 4.0]])
    b = torch.tensor([1, 2])
    s = torch.tensor(3.5)
    flags = torch.tensor([True, False])
    return x @ w + b, s * x, flags, torch.tensor((1, 2.5)), torch.tensor([[1, 2]], dtype=torch.float64)


def tensor_from_tuple_constant(x):
    return x * torch.tensor((0.5, 2.0, -1.0))


def tensor_empty_list(x):
    return torch.tensor([]), x


def ones_from_shape(x):
    return torch.ones(x.shape) + x, torch.zeros(x.shape[0], 2)


def chunk_unpack(x):
    a, b = x.chunk(2, dim=-1)
    return a * b


def chunk_uneven(x):
    return x.chunk(3), torch.chunk(x, 4, dim=1), x.chunk(10, 0)


def chunk_fewer_than_asked(x):
    # Five rows in chunks of two: three pieces, not four.
    pieces = x.chunk(4)
    return len(pieces), pieces[-1]


def split_forms(x):
    a, b, c = x.split(2, dim=1)
    d, e = torch.split(x, [1, 4], dim=1)
    return a + b - c, d, e, x.split(5)


def unbind_rows(x):
    r0, r1, r2 = x.unbind()
    return r0 * r1 + r2, torch.unbind(x, dim=1)


def qkv_chunk_attention(x, w):
    q, k, v = F.linear(x, w).chunk(3, dim=-1)
    s = torch.softmax(q @ k.transpose(-2, -1) / 2.0, dim=-1)
    return s @ v


def loop_over_chunks(x):
    out = 0
    for piece in x.chunk(3, dim=0):
        out = out + piece.sum()
    return out


def tril_triu(x):
    return x.tril(), torch.triu(x, diagonal=1), x.tril(-1), torch.tril(x, 2)


def tril_batched(x):
    return torch.triu(x), x.tril(diagonal=-2)


def causal_mask(q, k, v):
    t = q.shape[-2]
    mask = torch.ones(t, t).tril()
    s = (q @ k.transpose(-2, -1)).masked_fill(mask == 0, float("-inf"))
    return F.softmax(s, dim=-1) @ v


def causal_mask_bool(q, k):
    t = q.shape[-2]
    mask = torch.ones(t, t, dtype=torch.bool).triu(diagonal=1)
    return torch.masked_fill(q @ k.transpose(-2, -1), mask, -1e9)


def masked_fill_forms(x, m):
    return x.masked_fill(m, 0.0), x.masked_fill(~m, 2), x.masked_fill(m, torch.tensor(-1.0))


def masked_fill_int(x, m):
    return (x.masked_fill(m, 7), x.masked_fill(m, True), x.masked_fill(m, 2.7),
            x.masked_fill(m, -3.9), x.int().masked_fill(m, 100.5), (x > 0).masked_fill(m, 5),
            (x > 0).masked_fill(m, 0.0), x.float().masked_fill(m, 3))


def normalize_forms(x):
    return F.normalize(x), F.normalize(x, dim=-1), F.normalize(x, p=1.0, dim=0), F.normalize(x, p=3, eps=0.5)


def norm_forms(x):
    return x.norm(), torch.norm(x, dim=1), x.norm(p=1, dim=-1, keepdim=True), x.norm(float("inf"), 0), x.norm("fro")


def dropout_without_training(x, w):
    h = F.dropout(F.linear(x, w), p=0.5, training=False)
    return h, F.dropout(h, 0.0), torch.dropout(h, 0.3, False), F.dropout(x, training=False) is x


def bitwise_not_forms(x, m):
    return ~x, torch.bitwise_not(x), ~m, ~(x > 0)


def float_of_strings(x):
    return x.clamp(float("-inf"), float(" 1.5 ")), float("1e3") * x, float(2) + x, float("-Infinity")


CASES = [
    ("zeros_ones_forms", ["f32[3,4]"]),
    ("full_dtypes", ["f32[3,4]"]),
    ("like_forms", ["f32[3,4]"]),
    ("like_of_int", ["i64[2,5]"]),
    ("new_forms", ["f64[3]"]),
    ("factory_options", ["f32[3,4]"]),
    ("arange_forms", ["f32[6]"]),
    ("arange_positions", ["f32[2,5]"]),
    ("eye_forms", ["f32[3,4]"]),
    ("tensor_literals", ["f32[3,2]"]),
    ("tensor_from_tuple_constant", ["f32[2,3]"]),
    ("tensor_empty_list", ["f32[2]"]),
    ("ones_from_shape", ["f32[3,4]"]),
    ("chunk_unpack", ["f32[3,8]"]),
    ("chunk_uneven", ["f32[5,7]"]),
    ("chunk_fewer_than_asked", ["f32[5,2]"]),
    ("split_forms", ["f32[5,5]"]),
    ("unbind_rows", ["f32[3,4]"]),
    ("qkv_chunk_attention", ["f32[2,4,6]", "f32[18,6]"]),
    ("loop_over_chunks", ["f32[6,2]"]),
    ("tril_triu", ["f32[4,5]"]),
    ("tril_batched", ["i64[2,4,4]"]),
    ("causal_mask", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]"]),
    ("causal_mask_bool", ["f32[2,5,8]", "f32[2,5,8]"]),
    ("masked_fill_forms", ["f32[3,4]", "bool[3,4]"]),
    ("masked_fill_int", ["i64[3,4]", "bool[4]"]),
    ("normalize_forms", ["f32[4,6]"]),
    ("norm_forms", ["f32[3,4]"]),
    ("dropout_without_training", ["f32[4,8]", "f32[6,8]"]),
    ("bitwise_not_forms", ["i64[3,4]", "bool[3,4]"]),
    ("float_of_strings", ["f32[3,4]"]),
]

KNOWN_GAPS = [
]
