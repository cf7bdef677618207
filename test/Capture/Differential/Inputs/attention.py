# Attention blocks: scaled dot-product attention (2-d, batched, multi-head),
# masks given as inputs (additive and boolean), projections, head split and
# merge, a transformer block, cross-attention and linear attention. Sizes
# come from the inputs' shapes; the scale is a Python float folded from them.
# Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def _attend(q, k, v):
    scale = q.shape[-1] ** -0.5
    scores = q @ k.transpose(-2, -1) * scale
    return F.softmax(scores, dim=-1) @ v


def _split(x, heads):
    b, t, c = x.shape[0], x.shape[1], x.shape[2]
    return x.reshape(b, t, heads, c // heads).transpose(1, 2)


def _merge(x):
    b, h = x.size(0), x.size(1)
    t, d = x.size(2), x.size(3)
    return x.transpose(1, 2).reshape(b, t, h * d)


def _layer_norm(x, w, b):
    m = x.mean(dim=-1, keepdim=True)
    v = ((x - m) ** 2).mean(dim=-1, keepdim=True)
    return (x - m) * torch.rsqrt(v + 1e-5) * w + b


def sdpa_2d(q, k, v):
    return _attend(q, k, v)


def sdpa_batched(q, k, v):
    return _attend(q, k, v)


def sdpa_bmm(q, k, v):
    s = torch.bmm(q, k.transpose(1, 2)) / (q.shape[-1] ** 0.5)
    return torch.bmm(torch.softmax(s, -1), v)


def sdpa_returns_weights(q, k, v):
    w = F.softmax(q @ k.transpose(-1, -2) / 2.0, dim=-1)
    return w @ v, w


def sdpa_additive_mask(q, k, v, mask):
    s = q @ k.transpose(-2, -1) * (q.size(-1) ** -0.5) + mask
    return F.softmax(s, dim=-1) @ v


def sdpa_bool_mask(q, k, v, keep):
    s = q @ k.transpose(-2, -1)
    s = torch.where(keep, s, -1e9)
    return F.softmax(s, dim=-1) @ v


def causal_with_mask_input(q, k, v, tril):
    s = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    s = torch.where(tril, s, s - 1e9)
    return torch.softmax(s, dim=-1) @ v


def multi_head_self_attention(x, wq, wk, wv, wo):
    q = _split(F.linear(x, wq), 2)
    k = _split(F.linear(x, wk), 2)
    v = _split(F.linear(x, wv), 2)
    return F.linear(_merge(_attend(q, k, v)), wo)


def mha_packed_qkv(x, wqkv, bqkv, wo, bo):
    qkv = F.linear(x, wqkv, bqkv)
    c = x.shape[-1]
    b, t = x.shape[0], x.shape[1]
    qkv = qkv.reshape(b, t, 3, 2, c // 2).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    return F.linear(_merge(_attend(q, k, v)), wo, bo)


def cross_attention(x, ctx, wq, wk, wv):
    q = F.linear(x, wq)
    k = F.linear(ctx, wk)
    v = F.linear(ctx, wv)
    return _attend(q, k, v)


def transformer_block(x, ln1w, ln1b, wq, wk, wv, wo, ln2w, ln2b, w1, b1, w2, b2):
    h = _layer_norm(x, ln1w, ln1b)
    q, k, v = _split(F.linear(h, wq), 2), _split(F.linear(h, wk), 2), _split(F.linear(h, wv), 2)
    x = x + F.linear(_merge(_attend(q, k, v)), wo)
    h = _layer_norm(x, ln2w, ln2b)
    return x + F.linear(F.gelu(F.linear(h, w1, b1)), w2, b2)


def linear_attention(q, k, v):
    q = torch.relu(q) + 1
    k = torch.relu(k) + 1
    kv = k.transpose(-2, -1) @ v
    z = q @ k.sum(dim=-2, keepdim=True).transpose(-2, -1)
    return (q @ kv) / z


def attention_pooling(x, w):
    scores = F.softmax(x @ w, dim=1)
    return (scores * x).sum(dim=1)


def relative_bias_attention(q, k, v, bias):
    s = (q @ k.transpose(-2, -1)) * (q.shape[-1] ** -0.5) + bias.unsqueeze(0)
    return F.softmax(s, dim=-1) @ v


def temperature_attention(q, k, v, temperature):
    return F.softmax(q @ k.t() / temperature, dim=-1) @ v


def qk_norm_attention(q, k, v):
    q = q * torch.rsqrt((q * q).mean(dim=-1, keepdim=True) + 1e-6)
    k = k * torch.rsqrt((k * k).mean(dim=-1, keepdim=True) + 1e-6)
    return _attend(q, k, v)


def sdpa_unbind_qkv(x, wqkv):
    q, k, v = F.linear(x, wqkv).chunk(3, dim=-1)
    return _attend(q, k, v)


def causal_mask_built_inside(q, k, v):
    t = q.shape[-2]
    mask = torch.ones(t, t).tril()
    s = (q @ k.transpose(-2, -1)).masked_fill(mask == 0, float("-inf"))
    return F.softmax(s, dim=-1) @ v


CASES = [
    ("causal_mask_built_inside", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]"]),
    ("sdpa_unbind_qkv", ["f32[2,4,6]", "f32[18,6]"]),
    ("sdpa_2d", ["f32[5,8]", "f32[6,8]", "f32[6,4]"]),
    ("sdpa_batched", ["f32[2,5,8]", "f32[2,6,8]", "f32[2,6,4]"]),
    ("sdpa_bmm", ["f32[3,4,8]", "f32[3,4,8]", "f32[3,4,8]"]),
    ("sdpa_returns_weights", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,3]"]),
    ("sdpa_additive_mask", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]", "f32[4,4]"]),
    ("causal_with_mask_input", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]", "bool[4,4]"]),
    ("sdpa_bool_mask", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]", "bool[4,4]"]),
    ("multi_head_self_attention", ["f32[2,5,8]", "f32[8,8]", "f32[8,8]", "f32[8,8]",
                                   "f32[8,8]"]),
    ("cross_attention", ["f32[2,3,8]", "f32[2,7,6]", "f32[8,8]", "f32[8,6]", "f32[8,6]"]),
    ("transformer_block", ["f32[2,5,8]", "f32[8]", "f32[8]", "f32[8,8]", "f32[8,8]",
                           "f32[8,8]", "f32[8,8]", "f32[8]", "f32[8]", "f32[16,8]",
                           "f32[16]", "f32[8,16]", "f32[8]"]),
    ("linear_attention", ["f32[2,5,4]", "f32[2,5,4]", "f32[2,5,3]"]),
    ("attention_pooling", ["f32[3,6,4]", "f32[4,1]"]),
    ("relative_bias_attention", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]", "f32[4,4]"]),
    ("temperature_attention", ["f32[4,8]", "f32[5,8]", "f32[5,3]", "float=0.7"]),
    ("qk_norm_attention", ["f32[2,4,8]", "f32[2,4,8]", "f32[2,4,8]"]),
    ("mha_packed_qkv", ["f32[2,5,8]", "f32[24,8]", "f32[24]", "f32[8,8]", "f32[8]"]),
]

KNOWN_GAPS = [
]
