# Normalization layers written out as their definitions, F.layer_norm and
# F.normalize: layer norm, RMS norm,
# batch norm in inference, group and instance norm, L2 normalization, through
# module-level helpers with default arguments. Tables at the end (see
# harness.py).

import torch
import torch.nn.functional as F


def _layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var + eps) * weight + bias


def _rms_norm(x, weight, eps=1e-6):
    return x * torch.rsqrt((x * x).mean(dim=-1, keepdim=True) + eps) * weight


def layer_norm(x, w, b):
    return _layer_norm(x, w, b)


def layer_norm_eps_keyword(x, w, b):
    return _layer_norm(x, w, b, eps=1e-3)


def layer_norm_no_affine(x):
    mean = x.mean(-1, keepdim=True)
    centered = x - mean
    return centered / torch.sqrt((centered * centered).mean(-1, keepdim=True) + 1e-5)


def layer_norm_3d(x, w, b):
    return _layer_norm(x, w, b)


def layer_norm_f64(x, w, b):
    return _layer_norm(x, w, b, 1e-12)


def rms_norm(x, w):
    return _rms_norm(x, w)


def rms_norm_3d(x, w):
    return _rms_norm(x, w, eps=1e-5)


def batch_norm_inference(x, mean, var, w, b):
    return (x - mean) / torch.sqrt(var + 1e-5) * w + b


def batch_norm_2d_inference(x, mean, var, w, b):
    shape = (1, x.shape[1], 1, 1)
    inv = torch.rsqrt(var.reshape(shape) + 1e-5)
    return (x - mean.reshape(shape)) * inv * w.reshape(shape) + b.reshape(shape)


def batch_norm_training_stats(x):
    mean = x.mean(dim=0)
    var = ((x - mean) ** 2).mean(dim=0)
    return (x - mean) / torch.sqrt(var + 1e-5), mean, var


def group_norm(x, w, b):
    n = x.shape[0]
    c = x.shape[1]
    h, wd = x.shape[2], x.shape[3]
    groups = 2
    g = x.reshape(n, groups, -1)
    mean = g.mean(dim=-1, keepdim=True)
    var = ((g - mean) ** 2).mean(dim=-1, keepdim=True)
    y = ((g - mean) * torch.rsqrt(var + 1e-5)).reshape(n, c, h, wd)
    return y * w.reshape(1, c, 1, 1) + b.reshape(1, c, 1, 1)


def instance_norm(x):
    mean = x.mean(dim=(2, 3), keepdim=True)
    var = ((x - mean) ** 2).mean(dim=(2, 3), keepdim=True)
    return (x - mean) * torch.rsqrt(var + 1e-5)


def l2_normalize(x):
    norm = torch.sqrt((x * x).sum(dim=-1, keepdim=True))
    return x / torch.clamp(norm, min=1e-12)


def weight_standardization(w):
    mean = w.mean(dim=1, keepdim=True)
    std = torch.sqrt(((w - mean) ** 2).mean(dim=1, keepdim=True) + 1e-5)
    return (w - mean) / std


def pre_norm_residual(x, w, b, w1, b1):
    return x + F.linear(_layer_norm(x, w, b), w1, b1)


def post_norm_residual(x, w, b, w1, b1):
    return _layer_norm(x + torch.relu(F.linear(x, w1, b1)), w, b)


def scale_norm(x, g):
    return g * x / torch.sqrt((x * x).sum(dim=-1, keepdim=True))


def layer_norm_functional(x, w, b):
    return F.layer_norm(x, (8,), w, b)


def normalize_functional(x):
    return F.normalize(x, dim=-1)


CASES = [
    ("normalize_functional", ["f32[4,8]"]),
    ("layer_norm", ["f32[4,8]", "f32[8]", "f32[8]"]),
    ("layer_norm_eps_keyword", ["f32[4,8]", "f32[8]", "f32[8]"]),
    ("layer_norm_no_affine", ["f32[4,8]"]),
    ("layer_norm_3d", ["f32[2,3,8]", "f32[8]", "f32[8]"]),
    ("layer_norm_f64", ["f64[4,8]", "f64[8]", "f64[8]"]),
    ("rms_norm", ["f32[4,8]", "f32[8]"]),
    ("rms_norm_3d", ["f32[2,3,8]", "f32[8]"]),
    ("batch_norm_inference", ["f32[6,4]", "f32[4]", "f32[4]|pos", "f32[4]", "f32[4]"]),
    ("batch_norm_2d_inference",
     ["f32[2,3,4,4]", "f32[3]", "f32[3]|pos", "f32[3]", "f32[3]"]),
    ("batch_norm_training_stats", ["f32[8,4]"]),
    ("group_norm", ["f32[2,4,3,3]", "f32[4]", "f32[4]"]),
    ("instance_norm", ["f32[2,3,4,4]"]),
    ("l2_normalize", ["f32[4,8]"]),
    ("weight_standardization", ["f32[6,9]"]),
    ("pre_norm_residual", ["f32[4,8]", "f32[8]", "f32[8]", "f32[8,8]", "f32[8]"]),
    ("post_norm_residual", ["f32[4,8]", "f32[8]", "f32[8]", "f32[8,8]", "f32[8]"]),
    ("scale_norm", ["f32[4,8]", "f32[]"]),
    ("layer_norm_functional", ["f32[4,8]", "f32[8]", "f32[8]"]),
]

KNOWN_GAPS = [
]
