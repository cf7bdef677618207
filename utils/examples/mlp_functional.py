# The bundled example the demo captures end to end: a small MLP with residual
# blocks and a norm, written the way PyTorch users write functional models,
# with helper functions (defaults, keywords), a loop over the blocks and
# Python-level decisions on constants. (utils/examples/mlp.py is the same
# model as nn.Module classes, which the static environment will capture.)
import torch
import torch.nn.functional as F


def block(x, w1, b1, w2, b2, act="gelu"):
    h = F.linear(x, w1, b1)
    h = F.gelu(h) if act == "gelu" else F.relu(h)
    return x + F.linear(h, w2, b2)


def norm(x, eps=1e-5):
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var + eps)


def forward(x, w1, b1, w2, b2, depth):
    for i in range(depth):
        x = block(x, w1, b1, w2, b2, act="gelu" if i % 2 == 0 else "relu")
    return torch.softmax(norm(x), dim=-1), x.shape[0]
