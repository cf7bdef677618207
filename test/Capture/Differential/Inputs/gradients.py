# Reverse mode (`dynamir-runner --grad`) against PyTorch eager's backward:
# each entry's inputs marked `:grad` require grad, every tensor it returns
# that requires grad gets ones as its gradient, and the inputs' .grad are
# the expected gradients. One entry or more per derivative rule, with the
# kinks PyTorch decides (relu at 0, ties of max/min, pow with exponent 0).
# Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def arith_broadcast(x, y):
    return x + y, x - y * 2, x * y, x / (y.abs() + 1)


def scalar_operands(x):
    return 3 - x, 2 * x + 1, 1.5 / (x * x + 1), x / 4


def powers(x):
    return x ** 2, x ** 0, x ** 3.0, x.abs() ** 0.5, 2 ** x


def tensor_power(x, y):
    return x ** y


def max_min_ties(x, y):
    z = torch.where(y > 0, x, y)  # ties where y <= 0
    return torch.maximum(x, z), torch.minimum(z, x)


def where_select(x, y):
    return torch.where(x > y, x * 2, y - x)


def clamps(x):
    return torch.clamp(x, -0.5, 0.5), x.clamp(min=0.2), torch.clamp(x, max=0.1) * 3


def unary_chain(x):
    return torch.exp(-x).neg(), torch.log(x), torch.sqrt(x) + torch.rsqrt(x)


def trig(x):
    return torch.sin(x) * torch.cos(x), torch.tanh(x * 2)


def activations(x):
    return torch.relu(x), torch.sigmoid(x), F.silu(x), x.abs()


def relu_at_zero(x):
    return torch.relu(torch.clamp(x, min=0.0)) * 2


def gelus(x):
    return F.gelu(x), F.gelu(x, approximate="tanh")


def triangles(x):
    return torch.tril(x), torch.triu(x, 1) * 2


def matmul_matrix(a, b):
    return a @ b


def matmul_vectors(a, b, v, w):
    return v @ w, v @ b, a @ w


def matmul_batched(a, b):
    return torch.matmul(a, b), torch.bmm(a, b.transpose(1, 2).transpose(1, 2))


def matmul_broadcast(a, b):
    return a @ b


def mm(a, b):
    return torch.mm(a, b)


def linear_layer(x, w, b):
    return F.linear(x, w, b), F.linear(x, w)


def linear_vector(x, w, b):
    return F.linear(x, w, b)


def reductions(x):
    return x.sum(), x.sum(dim=1), x.mean(dim=0, keepdim=True), torch.mean(x)


def amax_ties(x):
    y = torch.cat([x, x], dim=1)
    return torch.amax(y, dim=1), torch.amin(y, dim=(0, 1))


def max_ties(x):
    y = torch.cat([x, x], dim=0)
    return y.amax(dim=0, keepdim=True), torch.amax(y)


def softmaxes(x):
    return torch.softmax(x, dim=-1), F.log_softmax(x, dim=0)


def cross_entropy_by_hand(logits, target):
    return -(F.log_softmax(logits, dim=1) * target).sum(dim=1).mean()


def reshapes(x):
    return x.reshape(3, 8), x.flatten(1), x.unsqueeze(0).reshape(-1)


def permutes(x):
    return x.permute(2, 0, 1) * torch.arange(24.0).reshape(4, 2, 3), x.transpose(0, 1)


def expands(x):
    return x.expand(3, 4) * torch.arange(12.0).reshape(3, 4)


def cat_stack(x, y):
    return torch.cat([x, y * 2], dim=0), torch.stack([x, y], dim=1)


def slices(x):
    return x[1:5], x[::2] * 3, x[1:7:3], x[-2:]


def select_rows(x):
    return x[1] * 2, x[:, 2], x[-1, 0]


def to_double(x):
    return x.double() * 2, x.to(torch.float64).sum()


def detach_stops(x):
    return x * x.detach(), x.detach() + 1


def remainder(x, y):
    return x % y, torch.remainder(x, 1.5)


def unused_input(x, y):
    return x * 2


def returned_input(x):
    return x, x * 3


def same_output_twice(x):
    y = x * 2
    return y, y


def mlp(x, w1, b1, w2):
    h = torch.relu(F.linear(x, w1, b1))
    return torch.softmax(h @ w2, dim=-1)


def layer_norm_by_hand(x, weight):
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var + 1e-5) * weight


def attention(q, k, v):
    scores = q @ k.transpose(-2, -1) / 2.0
    return torch.softmax(scores, dim=-1) @ v


def double_precision(x, y):
    return torch.exp(x) * y, (x * y).sum()


def integer_input(x, n):
    return x * n, n + 1


def in_place_methods(x, w):
    # In-place methods of tensors the code computed: later reads see the
    # change.
    y = x * w
    y.add_(1).mul_(x)
    z = x * 3
    z.sub_(w)
    z.clamp_(-1.0, 2.0)
    h = x * 1.0
    h.sigmoid_()
    return y, z.div_(2), h


def in_place_of_input(x):
    x.add_(1)  # BREAK
    return x * 2


CASES = [(entry, specs, {"grad": True}) for entry, specs in [
    ("arith_broadcast", ["f32[3,4]:grad", "f32[4]:grad"]),
    ("scalar_operands", ["f32[5]:grad"]),
    ("powers", ["f32[6]:grad"]),
    ("tensor_power", ["f32[6]:grad|pos", "f32[6]:grad"]),
    ("max_min_ties", ["f32[8]:grad", "f32[8]:grad"]),
    ("where_select", ["f32[3,4]:grad", "f32[4]:grad"]),
    ("clamps", ["f32[10]:grad"]),
    ("unary_chain", ["f32[6]:grad|pos"]),
    ("trig", ["f32[6]:grad"]),
    ("activations", ["f32[10]:grad"]),
    ("relu_at_zero", ["f32[10]:grad"]),
    ("gelus", ["f32[10]:grad"]),
    ("triangles", ["f32[4,4]:grad"]),
    ("matmul_matrix", ["f32[3,4]:grad", "f32[4,5]:grad"]),
    ("matmul_vectors", ["f32[3,4]:grad", "f32[4,5]:grad", "f32[4]:grad", "f32[4]:grad"]),
    ("matmul_batched", ["f32[2,3,4]:grad", "f32[2,4,5]:grad"]),
    ("matmul_broadcast", ["f32[2,3,4]:grad", "f32[4,5]:grad"]),
    ("mm", ["f32[3,4]:grad", "f32[4,2]:grad"]),
    ("linear_layer", ["f32[2,3,4]:grad", "f32[5,4]:grad", "f32[5]:grad"]),
    ("linear_vector", ["f32[4]:grad", "f32[5,4]:grad", "f32[5]:grad"]),
    ("reductions", ["f32[3,4]:grad"]),
    ("amax_ties", ["f32[3,4]:grad"]),
    ("max_ties", ["f32[3,4]:grad"]),
    ("softmaxes", ["f32[3,4]:grad"]),
    ("cross_entropy_by_hand", ["f32[4,5]:grad", "f32[4,5]"]),
    ("reshapes", ["f32[2,3,4]:grad"]),
    ("permutes", ["f32[2,3,4]:grad"]),
    ("expands", ["f32[1,4]:grad"]),
    ("cat_stack", ["f32[2,3]:grad", "f32[2,3]:grad"]),
    ("slices", ["f32[9]:grad"]),
    ("select_rows", ["f32[3,4]:grad"]),
    ("to_double", ["f32[3]:grad"]),
    ("detach_stops", ["f32[4]:grad"]),
    ("remainder", ["f32[6]:grad", "f32[6]:grad|pos"]),
    ("unused_input", ["f32[3]:grad", "f32[3]:grad"]),
    ("returned_input", ["f32[3]:grad"]),
    ("same_output_twice", ["f32[3]:grad"]),
    ("mlp", ["f32[2,4]:grad", "f32[8,4]:grad", "f32[8]:grad", "f32[8,3]:grad"]),
    ("layer_norm_by_hand", ["f32[2,6]:grad", "f32[6]:grad"]),
    ("attention", ["f32[2,3,4]:grad", "f32[2,5,4]:grad", "f32[2,5,4]:grad"]),
    ("double_precision", ["f64[5]:grad", "f64[5]:grad"]),
    ("integer_input", ["f32[3]:grad", "i64[3]"]),
    ("in_place_methods", ["f32[5]:grad", "f32[5]:grad"]),
]]

BREAKS = [
    # An input changed in place: the change must reach the caller's tensor.
    ("in_place_of_input", ["f32[4]"], "Unsupported method call"),
]

KNOWN_GAPS = []
