# Activations and elementwise math: torch functions, torch.nn.functional,
# Tensor methods, and the activations PyTorch has no single op for written
# with those. Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def relu_forms(x):
    return torch.relu(x), F.relu(x - 0.5), x.relu() * 2


def sigmoid_forms(x):
    return torch.sigmoid(x), F.sigmoid(x + 1), x.sigmoid() * 2


def tanh(x):
    return torch.tanh(x), F.tanh(x + 1), x.tanh() - 1


def tanh_three_ways(x):
    return torch.tanh(x), F.tanh(x), x.tanh()


def silu(x):
    return F.silu(x)


def silu_by_hand(x):
    return x * torch.sigmoid(x)


def gelu(x):
    return F.gelu(x), F.gelu(input=x * 2, approximate="none")


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


def exp_log(x):
    return torch.exp(x), torch.log(x)


def sqrt_rsqrt(x):
    return torch.sqrt(x), torch.rsqrt(x), x.sqrt() * x.rsqrt()


def sin_cos(x):
    return torch.sin(x), torch.cos(x), x.sin() ** 2 + x.cos() ** 2


def abs_neg(x):
    return torch.abs(x), torch.neg(x), +x, x.abs().neg() + 1


def neg_two_ways(x):
    return torch.neg(x), -x


def leaky_relu_by_hand(x):
    return torch.where(x > 0, x, x * 0.01)


def elu_by_hand(x):
    return torch.where(x > 0, x, torch.exp(x) - 1)


def softplus_by_hand(x):
    return torch.log(1 + torch.exp(x))


def hardtanh_relu6_by_clamp(x):
    return torch.clamp(x, -1.0, 1.0), torch.clamp(x * 4, min=0, max=6)


def hardsigmoid_by_hand(x):
    return torch.clamp(x / 6 + 0.5, 0, 1)


def hardswish_by_hand(x):
    return x * torch.clamp(x + 3, 0, 6) / 6


def mish_by_hand(x):
    return x * torch.tanh(torch.log(1 + torch.exp(x)))


def swiglu(x, w, v):
    return F.silu(F.linear(x, w)) * F.linear(x, v)


def geglu(a, b):
    return F.gelu(a) * b


def glu_by_hand(a, b):
    return a * torch.sigmoid(b)


def tanh_sigmoid_via_exp(x):
    e = torch.exp(2 * x)
    return (e - 1) / (e + 1), 1 / (1 + torch.exp(-x))


def logsigmoid_softsign_by_hand(x):
    return -torch.log(1 + torch.exp(-x)), x / (1 + torch.abs(x))


def clamp_min_only(x):
    return torch.clamp(x, min=-0.25), x.clamp(max=0.25)


def clamp_tensor_bounds(x, lo, hi):
    return torch.clamp(x, lo, hi)


def activations_f64(x):
    return torch.relu(x), torch.sigmoid(x), torch.tanh(x), F.silu(x), torch.exp(x)


def activations_f16(x):
    return torch.abs(x), -x, torch.where(x > 0, x, x * 0.5)


def activations_bf16(x):
    return torch.relu(x), x * 2, x + x


def chain_of_activations(x):
    return F.silu(torch.tanh(F.gelu(torch.relu(x) - 0.5)))


CASES = [
    ("relu_forms", ["f32[3,5,2]"]),
    ("sigmoid_forms", ["f32[6,7]"]),
    ("tanh", ["f32[2,3,4]"]),
    ("silu", ["f32[5,6]"]),
    ("silu_by_hand", ["f32[5,6]"]),
    ("gelu", ["f32[4,8]"]),
    ("gelu_tanh", ["f32[4,8]"]),
    ("exp_log", ["f32[4,8]|pos"]),
    ("sqrt_rsqrt", ["f32[4,8]|pos"]),
    ("sin_cos", ["f32[4,8]"]),
    ("abs_neg", ["f32[3,4]"]),
    ("leaky_relu_by_hand", ["f32[4,8]"]),
    ("elu_by_hand", ["f32[4,8]"]),
    ("softplus_by_hand", ["f32[4,8]"]),
    ("hardtanh_relu6_by_clamp", ["f32[4,8]"]),
    ("hardsigmoid_by_hand", ["f32[4,8]"]),
    ("hardswish_by_hand", ["f32[4,8]"]),
    ("mish_by_hand", ["f32[4,8]"]),
    ("swiglu", ["f32[4,8]", "f32[16,8]", "f32[16,8]"]),
    ("geglu", ["f32[4,8]", "f32[4,8]"]),
    ("glu_by_hand", ["f32[4,8]", "f32[4,8]"]),
    ("tanh_sigmoid_via_exp", ["f32[4,8]|unit"]),
    ("logsigmoid_softsign_by_hand", ["f32[4,8]"]),
    ("clamp_min_only", ["f32[4,8]"]),
    ("clamp_tensor_bounds", ["f32[4,8]", "f32[8]", "f32[4,1]"]),
    ("activations_f64", ["f64[4,8]"]),
    ("activations_f16", ["f16[4,8]"]),
    ("activations_bf16", ["bf16[4,8]"]),
    ("chain_of_activations", ["f32[4,8]"]),
    ("tanh_three_ways", ["f32[4,8]"]),
    ("neg_two_ways", ["f32[4,8]"]),
]

KNOWN_GAPS = [
]
