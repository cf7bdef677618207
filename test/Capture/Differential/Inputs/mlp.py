# MLPs: linear layers (F.linear with and without bias, matmul forms), their
# activations, residuals, several depths, heads (softmax, log-softmax,
# sigmoid), through inlined module-level helpers and unrolled loops over
# weight lists. Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def _dense(x, w, b, act="relu"):
    h = F.linear(x, w, b)
    if act == "relu":
        return torch.relu(h)
    if act == "gelu":
        return F.gelu(h)
    if act == "tanh":
        return torch.tanh(h)
    return h


def linear(x, w, b):
    return F.linear(x, w, b), F.linear(input=x * 2, weight=w, bias=b)


def linear_no_bias(x, w):
    return F.linear(x, w), F.linear(x * 2, w, None)


def linear_by_matmul(x, w, b):
    return x @ w.t() + b, torch.matmul(x, w.T) - b


def linear_by_mm(x, w, b):
    return torch.mm(x, w.t()) + b


def linear_3d_input(x, w, b):
    return F.linear(x, w, b)


def mlp2_relu(x, w1, b1, w2, b2):
    return F.linear(torch.relu(F.linear(x, w1, b1)), w2, b2)


def mlp2_gelu(x, w1, b1, w2, b2):
    return _dense(_dense(x, w1, b1, act="gelu"), w2, b2, act="none")


def mlp3_tanh(x, w1, b1, w2, b2, w3, b3):
    h = _dense(x, w1, b1, "tanh")
    h = _dense(h, w2, b2, "tanh")
    return _dense(h, w3, b3, "none")


def mlp_softmax_head(x, w1, b1, w2, b2):
    return F.softmax(_dense(_dense(x, w1, b1), w2, b2, "none"), dim=-1)


def mlp_log_softmax_head(x, w1, b1, w2, b2):
    return F.log_softmax(_dense(_dense(x, w1, b1), w2, b2, "none"), dim=1)


def mlp_sigmoid_head(x, w1, b1, w2, b2):
    return torch.sigmoid(F.linear(F.silu(F.linear(x, w1, b1)), w2, b2))


def residual_mlp(x, w1, b1, w2, b2):
    return x + F.linear(torch.relu(F.linear(x, w1, b1)), w2, b2)


def gated_mlp(x, wg, wu, wd):
    return F.linear(F.silu(F.linear(x, wg)) * F.linear(x, wu), wd)


def mlp_loop_over_layers(x, w1, w2, w3):
    for w in (w1, w2, w3):
        x = torch.tanh(F.linear(x, w))
    return x


def mlp_depth_from_int(x, w, b, depth):
    for _ in range(depth):
        x = torch.relu(F.linear(x, w, b)) + x
    return x


def mlp_returns_hidden(x, w1, b1, w2, b2):
    h = torch.relu(F.linear(x, w1, b1))
    out = F.linear(h, w2, b2)
    return {"hidden": h, "logits": out, "probs": F.softmax(out, dim=-1)}


def mlp_batched_3d(x, w1, b1, w2, b2):
    return F.linear(F.gelu(F.linear(x, w1, b1), approximate="tanh"), w2, b2)


def mlp_f64(x, w1, b1, w2, b2):
    return F.linear(torch.relu(F.linear(x, w1, b1)), w2, b2)


def bilinear_by_hand(x, y, w):
    return ((x @ w) * y).sum(dim=-1)


def mixer_token_mlp(x, w1, w2):
    t = x.transpose(1, 2)
    t = F.linear(F.gelu(F.linear(t, w1)), w2)
    return x + t.transpose(1, 2)


def autoencoder(x, we, be, wd, bd):
    z = torch.tanh(F.linear(x, we, be))
    return torch.sigmoid(F.linear(z, wd, bd)), z


def mlp_with_dropout_eval(x, w, b):
    return F.dropout(F.linear(x, w, b), p=0.5, training=False)


CASES = [
    ("mlp_with_dropout_eval", ["f32[4,8]", "f32[6,8]", "f32[6]"]),
    ("linear", ["f32[4,8]", "f32[6,8]", "f32[6]"]),
    ("linear_no_bias", ["f32[4,8]", "f32[6,8]"]),
    ("linear_by_matmul", ["f32[4,8]", "f32[6,8]", "f32[6]"]),
    ("linear_by_mm", ["f32[4,8]", "f32[6,8]", "f32[6]"]),
    ("linear_3d_input", ["f32[2,3,8]", "f32[5,8]", "f32[5]"]),
    ("mlp2_relu", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[3,16]", "f32[3]"]),
    ("mlp2_gelu", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[3,16]", "f32[3]"]),
    ("mlp3_tanh", ["f32[5,6]", "f32[12,6]", "f32[12]", "f32[12,12]", "f32[12]",
                   "f32[2,12]", "f32[2]"]),
    ("mlp_softmax_head", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[5,16]", "f32[5]"]),
    ("mlp_log_softmax_head", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[5,16]", "f32[5]"]),
    ("mlp_sigmoid_head", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[1,16]", "f32[1]"]),
    ("residual_mlp", ["f32[4,8]", "f32[32,8]", "f32[32]", "f32[8,32]", "f32[8]"]),
    ("gated_mlp", ["f32[4,8]", "f32[16,8]", "f32[16,8]", "f32[8,16]"]),
    ("mlp_loop_over_layers", ["f32[4,8]", "f32[8,8]", "f32[8,8]", "f32[8,8]"]),
    ("mlp_depth_from_int", ["f32[4,8]|unit", "f32[8,8]|unit", "f32[8]|unit", "int=3"]),
    ("mlp_returns_hidden", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[3,16]", "f32[3]"]),
    ("mlp_batched_3d", ["f32[2,5,8]", "f32[16,8]", "f32[16]", "f32[8,16]", "f32[8]"]),
    ("mlp_f64", ["f64[8,4]", "f64[16,4]", "f64[16]", "f64[3,16]", "f64[3]"]),
    ("bilinear_by_hand", ["f32[4,6]", "f32[4,5]", "f32[6,5]"]),
    ("mixer_token_mlp", ["f32[2,6,4]", "f32[12,6]", "f32[6,12]"]),
    ("autoencoder", ["f32[4,10]", "f32[3,10]", "f32[3]", "f32[10,3]", "f32[10]"]),
]

KNOWN_GAPS = [
]
