# More torch.autograd.Function: custom activations, straight-through
# estimators, losses, normalizations, linear algebra and attention with
# hand-written backwards; saved inputs, outputs and intermediates, tensors
# and Python numbers held as attributes of the context, several inputs and
# outputs, outputs marked non-differentiable, gradients of None, Python
# values as arguments of `apply`, Functions applied inside the forward of
# others, inside user classes and nn.Module instances, classmethod forward
# and backward, inheritance between Functions. The `_grad` entries (inputs
# marked `:grad`) capture `tg.autograd_function` and check the gradients of
# `dynamir-runner --grad` against eager's backward; the others apply the
# same Functions to inputs that do not require grad, where the forward is
# inlined. Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def _sign(x):
    return (x > 0).float() - (x < 0).float()


# ---------------------------------------------------------------------------
# Custom activations
# ---------------------------------------------------------------------------

class MyRelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x > 0).float()


class MyLeakyRelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, slope):
        ctx.slope = slope
        ctx.save_for_backward(x)
        return torch.where(x > 0, x, x * slope)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return torch.where(x > 0, g, g * ctx.slope), None


class ExpSoftplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log(1 + torch.exp(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * torch.sigmoid(x)


class Swish(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(x, s)
        return x * s

    @staticmethod
    def backward(ctx, g):
        x, s = ctx.saved_tensors
        return g * (s + x * s * (1 - s))


class SiluViaF(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return F.silu(x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        s = torch.sigmoid(x)
        return g * s * (1 + x * (1 - s))


class HardTanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, low, high):
        ctx.save_for_backward((x > low).float() * (x < high).float())
        return torch.clamp(x, low, high)

    @staticmethod
    def backward(ctx, g):
        inside, = ctx.saved_tensors
        return g * inside, None, None


class MyElu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, alpha):
        out = torch.where(x > 0, x, alpha * (torch.exp(x) - 1))
        ctx.alpha = alpha
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return torch.where(x > 0, g, g * (out + ctx.alpha)), None


class Mish(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        t = torch.tanh(torch.log(1 + torch.exp(x)))
        ctx.save_for_backward(x, t)
        return x * t

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        return g * (t + x * (1 - t * t) * torch.sigmoid(x))


class TanhGelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        c = 0.7978845608028654
        inner = c * (x + 0.044715 * x ** 3)
        t = torch.tanh(inner)
        ctx.save_for_backward(x, t)
        ctx.c = c
        return 0.5 * x * (1 + t)

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        dinner = ctx.c * (1 + 3 * 0.044715 * x * x)
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dinner)


class ExpSaveOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = torch.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * out


class TanhSaveOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = torch.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * (1 - out * out)


class SigmoidAttr(torch.autograd.Function):
    # The output is held as an attribute of ctx, not saved.
    @staticmethod
    def forward(ctx, x):
        out = 1 / (1 + torch.exp(-x))
        ctx.out = out
        return out

    @staticmethod
    def backward(ctx, g):
        return g * ctx.out * (1 - ctx.out)


class MyLog(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log(x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g / x


class MySqrt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = torch.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g / (2 * out)


class MyRsqrt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = torch.rsqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * -0.5 * out ** 3


class SinCos(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sin(x), torch.cos(x)

    @staticmethod
    def backward(ctx, gs, gc):
        x, = ctx.saved_tensors
        return gs * torch.cos(x) - gc * torch.sin(x)


# ---------------------------------------------------------------------------
# Straight-through estimators and gradient surgery
# ---------------------------------------------------------------------------

class SignSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return _sign(x)

    @staticmethod
    def backward(ctx, g):
        return g


class ClippedSignSTE(torch.autograd.Function):
    # BinaryConnect: the gradient passes where |x| <= 1.
    @staticmethod
    def forward(ctx, x):
        ctx.pass_through = (x.abs() < 1).float()
        return _sign(x)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.pass_through


class TernarySTE(torch.autograd.Function):
    # Rounds to -1, 0 or 1 by comparisons; straight-through.
    @staticmethod
    def forward(ctx, x, threshold):
        return (x > threshold).float() - (x < -threshold).float()

    @staticmethod
    def backward(ctx, g):
        return g, None


class ClampSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, low, high):
        return torch.clamp(x, low, high)

    @staticmethod
    def backward(ctx, g):
        return g, None, None


class BinarizeSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        p = torch.sigmoid(x)
        ctx.save_for_backward(p)
        return (p > 0.5).float()

    @staticmethod
    def backward(ctx, g):
        p, = ctx.saved_tensors
        return g * p * (1 - p)


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x * 1.0

    @staticmethod
    def backward(ctx, g):
        return -ctx.lam * g, None


class GradClip(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, bound):
        ctx.bound = bound
        return x + 0.0

    @staticmethod
    def backward(ctx, g):
        return torch.clamp(g, -ctx.bound, ctx.bound), None


class StopSecond(torch.autograd.Function):
    # Sums its inputs but passes no gradient to the second.
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, g):
        return g, None


# ---------------------------------------------------------------------------
# Several inputs and outputs
# ---------------------------------------------------------------------------

class MulAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y, z):
        ctx.save_for_backward(x, y)
        return x * y + z

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return g * y, g * x, g


class SoftNorm2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        out = torch.sqrt(x * x + y * y + 1)
        ctx.save_for_backward(x, y, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, y, out = ctx.saved_tensors
        return g * x / out, g * y / out


class MyDiv(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x / y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return g / y, -g * x / (y * y)


class PowScalar(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, p):
        ctx.p = p
        ctx.save_for_backward(x)
        return x ** p

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.p * x ** (ctx.p - 1), None


class PowTensor(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        out = x ** y
        ctx.save_for_backward(x, y, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, y, out = ctx.saved_tensors
        return g * y * x ** (y - 1), g * out * torch.log(x)


class GatedLinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        s = torch.sigmoid(b)
        ctx.save_for_backward(a, s)
        return a * s

    @staticmethod
    def backward(ctx, g):
        a, s = ctx.saved_tensors
        return g * s, g * a * s * (1 - s)


class MaxMin(torch.autograd.Function):
    # Three outputs: the larger, the smaller, and which was larger.
    @staticmethod
    def forward(ctx, x, y):
        first = x > y
        ctx.mark_non_differentiable(first)
        ctx.save_for_backward(first)
        return torch.maximum(x, y), torch.minimum(x, y), first

    @staticmethod
    def backward(ctx, gmax, gmin, gfirst):
        first, = ctx.saved_tensors
        f = first.float()
        return gmax * f + gmin * (1 - f), gmax * (1 - f) + gmin * f


class WhereMask(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        mask = x > y
        ctx.mark_non_differentiable(mask)
        ctx.mask = mask.float()
        return torch.where(mask, x, y), mask

    @staticmethod
    def backward(ctx, g, gmask):
        return g * ctx.mask, g * (1 - ctx.mask)


class SoftmaxWithArgmax(torch.autograd.Function):
    # A float output (a one-hot of the row maximum) marked non-differentiable.
    @staticmethod
    def forward(ctx, x):
        out = F.softmax(x, dim=-1)
        onehot = (x >= x.amax(dim=-1, keepdim=True)).float()
        ctx.mark_non_differentiable(onehot)
        ctx.save_for_backward(out)
        return out, onehot

    @staticmethod
    def backward(ctx, g, gonehot):
        out, = ctx.saved_tensors
        return out * (g - (g * out).sum(dim=-1, keepdim=True))


class SplitHalves(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.half = x.shape[1] // 2
        return x[:, :ctx.half] * 1.0, x[:, ctx.half:] * 1.0

    @staticmethod
    def backward(ctx, g1, g2):
        return torch.cat([g1, g2], dim=1)


class StackPair(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        return torch.stack([x, y], dim=0)

    @staticmethod
    def backward(ctx, g):
        return g[0], g[1]


class CatRows(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.n = x.shape[0]
        return torch.cat([x, y], dim=0)

    @staticmethod
    def backward(ctx, g):
        return g[:ctx.n], g[ctx.n:]


class NeedsGradBranch(torch.autograd.Function):
    # Backward computes only the gradients needs_input_grad asks for.
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * torch.exp(y)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = g * torch.exp(y)
        if ctx.needs_input_grad[1]:
            gy = g * x * torch.exp(y)
        return gx, gy


class ScaleMaybeSquare(torch.autograd.Function):
    # A Python bool argument decides the forward and the backward.
    @staticmethod
    def forward(ctx, x, square, scale):
        ctx.square, ctx.scale = square, scale
        ctx.save_for_backward(x)
        if square:
            return x * x * scale
        return x * scale

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        if ctx.square:
            return 2 * x * g * ctx.scale, None, None
        return g * ctx.scale, None, None


class AffineNumbers(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, a, b):
        ctx.a = a
        return a * x + b

    @staticmethod
    def backward(ctx, g):
        return g * ctx.a, None, None


class MaskedScale(torch.autograd.Function):
    # Dropout with a given mask: the mask gets no gradient.
    @staticmethod
    def forward(ctx, x, mask, p):
        keep = (mask > 0).float() / (1 - p)
        ctx.save_for_backward(keep)
        return x * keep

    @staticmethod
    def backward(ctx, g):
        keep, = ctx.saved_tensors
        return g * keep, None, None


# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------

class TransposeScale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.transpose(0, 1) * 2

    @staticmethod
    def backward(ctx, g):
        return g.transpose(0, 1) * 2


class ReshapeTo(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, rows):
        ctx.shape = x.shape
        return x.reshape(rows, -1) * 1.0

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape), None


class PermuteFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.permute(2, 0, 1) + 0.0

    @staticmethod
    def backward(ctx, g):
        return g.permute(1, 2, 0)


class Broadcast(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, n):
        return x.unsqueeze(0).expand(n, x.shape[0]) * 1.0

    @staticmethod
    def backward(ctx, g):
        return g.sum(dim=0), None


class LowerTriangle(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.tril(x)

    @staticmethod
    def backward(ctx, g):
        return torch.tril(g)


class FlattenView(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return x.flatten(1).view(-1) * 3.0

    @staticmethod
    def backward(ctx, g):
        return g.view(ctx.shape) * 3.0


# ---------------------------------------------------------------------------
# Reductions, normalizations and losses
# ---------------------------------------------------------------------------

class SumSquares(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x * x).sum()

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 2 * x


class MeanDim(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        ctx.n = x.shape[dim]
        ctx.shape = x.shape
        return x.mean(dim=dim, keepdim=True)

    @staticmethod
    def backward(ctx, g):
        return g.expand(ctx.shape) / ctx.n, None


class RowMax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.amax(dim=1, keepdim=True)
        ctx.save_for_backward((x >= out).float())
        return out

    @staticmethod
    def backward(ctx, g):
        hit, = ctx.saved_tensors
        return g * hit / hit.sum(dim=1, keepdim=True)


class ColMin(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.amin(dim=0)
        ctx.save_for_backward((x <= out).float())
        return out

    @staticmethod
    def backward(ctx, g):
        hit, = ctx.saved_tensors
        return g.unsqueeze(0) * hit


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        m = x.amax(dim=-1, keepdim=True)
        out = m + torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return g * torch.exp(x - out)


class MySoftmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        out = F.softmax(x, dim=dim)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return out * (g - (g * out).sum(dim=ctx.dim, keepdim=True)), None


class MyLogSoftmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = F.log_softmax(x, dim=-1)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g - torch.exp(out) * g.sum(dim=-1, keepdim=True)


class L2Normalize(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, eps):
        n = torch.sqrt((x * x).sum(dim=-1, keepdim=True) + eps)
        y = x / n
        ctx.save_for_backward(y, n)
        return y

    @staticmethod
    def backward(ctx, g):
        y, n = ctx.saved_tensors
        return (g - y * (g * y).sum(dim=-1, keepdim=True)) / n, None


class MyLayerNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, eps):
        mean = x.mean(dim=-1, keepdim=True)
        centered = x - mean
        var = (centered * centered).mean(dim=-1, keepdim=True)
        rstd = torch.rsqrt(var + eps)
        xhat = centered * rstd
        ctx.save_for_backward(xhat, rstd, weight)
        ctx.n = x.shape[-1]
        return xhat * weight

    @staticmethod
    def backward(ctx, g):
        xhat, rstd, weight = ctx.saved_tensors
        gw = (g * xhat).sum(dim=0)
        gx = g * weight
        gx = rstd / ctx.n * (ctx.n * gx - gx.sum(dim=-1, keepdim=True)
                             - xhat * (gx * xhat).sum(dim=-1, keepdim=True))
        return gx, gw, None


class RMSNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, eps):
        rms = torch.rsqrt((x * x).mean(dim=-1, keepdim=True) + eps)
        ctx.save_for_backward(x, rms)
        ctx.n = x.shape[-1]
        return x * rms

    @staticmethod
    def backward(ctx, g):
        x, rms = ctx.saved_tensors
        dot = (g * x).sum(dim=-1, keepdim=True)
        return rms * g - x * rms ** 3 * dot / ctx.n, None


class MSELoss(torch.autograd.Function):
    @staticmethod
    def forward(ctx, pred, target):
        diff = pred - target
        ctx.save_for_backward(diff)
        ctx.n = diff.shape[0] * diff.shape[1]
        return (diff * diff).mean()

    @staticmethod
    def backward(ctx, g):
        diff, = ctx.saved_tensors
        gp = g * 2 * diff / ctx.n
        return gp, -gp


class HuberLoss(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y, delta):
        d = x - y
        ad = d.abs()
        loss = torch.where(ad < delta, 0.5 * d * d, delta * (ad - 0.5 * delta))
        ctx.delta = delta
        ctx.n = d.shape[0]
        ctx.save_for_backward(d)
        return loss.mean()

    @staticmethod
    def backward(ctx, g):
        d, = ctx.saved_tensors
        inner = torch.where(d.abs() < ctx.delta, d, ctx.delta * _sign(d))
        gx = g * inner / ctx.n
        return gx, -gx, None


class SoftCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits, target):
        logp = F.log_softmax(logits, dim=1)
        ctx.save_for_backward(logp, target)
        ctx.batch = logits.shape[0]
        return -(logp * target).sum(dim=1).mean()

    @staticmethod
    def backward(ctx, g):
        logp, target = ctx.saved_tensors
        total = target.sum(dim=1, keepdim=True)
        return g * (torch.exp(logp) * total - target) / ctx.batch, None


class CosineSimilarity(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        nx = torch.sqrt((x * x).sum(dim=-1, keepdim=True))
        ny = torch.sqrt((y * y).sum(dim=-1, keepdim=True))
        c = (x * y).sum(dim=-1, keepdim=True) / (nx * ny)
        ctx.save_for_backward(x, y, nx, ny, c)
        return c[:, 0]

    @staticmethod
    def backward(ctx, g):
        x, y, nx, ny, c = ctx.saved_tensors
        g = g.unsqueeze(-1)
        gx = g * (y / (nx * ny) - c * x / (nx * nx))
        gy = g * (x / (nx * ny) - c * y / (ny * ny))
        return gx, gy


# ---------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------

class MyMatmul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return g @ b.transpose(0, 1), a.transpose(0, 1) @ g


class MyMm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return torch.mm(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return torch.mm(g, b.t()), torch.mm(a.t(), g)


class MyBmm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return torch.bmm(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return torch.bmm(g, b.transpose(1, 2)), torch.bmm(a.transpose(1, 2), g)


class MyLinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        ctx.has_bias = bias is not None
        return F.linear(x, weight, bias)

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_tensors
        gb = g.sum(dim=0) if ctx.has_bias else None
        return g @ weight, g.t() @ x, gb


class Bilinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, y):
        xw = x @ w
        ctx.save_for_backward(x, w, y, xw)
        return (xw * y).sum(dim=-1)

    @staticmethod
    def backward(ctx, g):
        x, w, y, xw = ctx.saved_tensors
        g = g.unsqueeze(-1)
        gy_w = g * y
        return gy_w @ w.t(), x.t() @ gy_w, g * xw


class Attention(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, v, scale):
        p = torch.softmax(q @ k.transpose(1, 2) * scale, dim=-1)
        ctx.save_for_backward(q, k, v, p)
        ctx.scale = scale
        return p @ v

    @staticmethod
    def backward(ctx, g):
        q, k, v, p = ctx.saved_tensors
        gv = p.transpose(1, 2) @ g
        gp = g @ v.transpose(1, 2)
        gs = p * (gp - (gp * p).sum(dim=-1, keepdim=True)) * ctx.scale
        return gs @ k, gs.transpose(1, 2) @ q, gv, None


class CausalScores(torch.autograd.Function):
    # Lower-triangular scores, masked with tril and where.
    @staticmethod
    def forward(ctx, q, k):
        s = torch.tril(q @ k.t())
        ctx.save_for_backward(q, k)
        return s

    @staticmethod
    def backward(ctx, g):
        q, k = ctx.saved_tensors
        g = torch.tril(g)
        return g @ k, g.t() @ q


# ---------------------------------------------------------------------------
# Functions applied inside the forward of others
# ---------------------------------------------------------------------------

class SwishViaSigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        s = SigmoidAttr.apply(x)
        ctx.save_for_backward(x, s)
        return x * s

    @staticmethod
    def backward(ctx, g):
        x, s = ctx.saved_tensors
        return g * (s + x * s * (1 - s))


class DoubleTanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        inner = TanhSaveOut.apply(x)
        outer = TanhSaveOut.apply(inner)
        ctx.save_for_backward(inner, outer)
        return outer

    @staticmethod
    def backward(ctx, g):
        inner, outer = ctx.saved_tensors
        return g * (1 - outer * outer) * (1 - inner * inner)


class LinearRelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias):
        h = MyLinear.apply(x, weight, bias)
        out = MyRelu.apply(h)
        ctx.save_for_backward(x, weight, (h > 0).float())
        return out

    @staticmethod
    def backward(ctx, g):
        x, weight, active = ctx.saved_tensors
        gh = g * active
        return gh @ weight, gh.t() @ x, gh.sum(dim=0)


# ---------------------------------------------------------------------------
# classmethod forward and backward, inheritance
# ---------------------------------------------------------------------------

class ScaledShift(torch.autograd.Function):
    scale = 2.0
    shift = 0.5

    @classmethod
    def forward(cls, ctx, x):
        ctx.scale = cls.scale
        return x * cls.scale + cls.shift

    @staticmethod
    def backward(ctx, g):
        return g * ctx.scale


class HalfScaledShift(ScaledShift):
    scale = 0.5
    shift = -1.0


class ClassBackward(torch.autograd.Function):
    power = 3.0

    @classmethod
    def forward(cls, ctx, x):
        ctx.save_for_backward(x)
        return x ** cls.power

    @classmethod
    def backward(cls, ctx, g):
        x, = ctx.saved_tensors
        return g * cls.power * x ** (cls.power - 1)


# ---------------------------------------------------------------------------
# Corners of PyTorch's protocol
# ---------------------------------------------------------------------------

class SumThree(torch.autograd.Function):
    # Its inputs through *args.
    @staticmethod
    def forward(ctx, *xs):
        return xs[0] + xs[1] * 2 + xs[2]

    @staticmethod
    def backward(ctx, g):
        return g, g * 2, g


class SumPair(torch.autograd.Function):
    @staticmethod
    def forward(ctx, *xs):
        return xs[0] - xs[1]

    @staticmethod
    def backward(ctx, g):
        return g, -g


class SumAll(torch.autograd.Function):
    # Any number of inputs through *args.
    @staticmethod
    def forward(ctx, *xs):
        total = xs[0]
        for x in xs[1:]:
            total = total + x
        return total * 1.0

    @staticmethod
    def backward(ctx, g):
        return g, g, g


class ScaleByCount(torch.autograd.Function):
    @staticmethod
    def forward(ctx, *xs):
        return xs[0] * len(xs)

    @staticmethod
    def backward(ctx, g):
        return g * 2, None


class RepeatGrad(torch.autograd.Function):
    # Backward builds its tuple of gradients by repetition.
    @staticmethod
    def forward(ctx, x, y, z):
        ctx.count = 3
        return x + y + z

    @staticmethod
    def backward(ctx, g):
        return (g,) * ctx.count


class SaveOptional(torch.autograd.Function):
    # save_for_backward keeps a None in its place.
    @staticmethod
    def forward(ctx, x, shift):
        ctx.save_for_backward(x, shift)
        if shift is None:
            return x * x
        return x * x + shift

    @staticmethod
    def backward(ctx, g):
        x, shift = ctx.saved_tensors
        gshift = None if shift is None else g
        return 2 * x * g, gshift


class BackwardApplies(torch.autograd.Function):
    # Backward applies another Function to the gradient.
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 3

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return MyRelu.apply(g) * 3 + x * 0


class IndexInput(torch.autograd.Function):
    # An integer tensor argument: no gradient.
    @staticmethod
    def forward(ctx, x, labels):
        keep = (labels > 0).float()
        ctx.save_for_backward(keep)
        return x * keep

    @staticmethod
    def backward(ctx, g):
        keep, = ctx.saved_tensors
        return g * keep, None


class ReturnsInput(torch.autograd.Function):
    # Forward returns its input unchanged: PyTorch gives back a view of it,
    # and gradient goes through backward.
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, g):
        return g * 2


class ReturnsView(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return x.view(-1)

    @staticmethod
    def backward(ctx, g):
        return g.view(ctx.shape) * 3


# ---------------------------------------------------------------------------
# User classes and modules that apply Functions
# ---------------------------------------------------------------------------

class Quantizer:
    def __init__(self, levels):
        self.levels = levels

    def quantize(self, x):
        return TernarySTE.apply(x * self.levels, 0.5) / self.levels

    def __call__(self, x):
        return self.quantize(torch.tanh(x))


class CustomMLP(torch.nn.Module):
    def __init__(self, slope):
        super().__init__()
        self.slope = slope

    def forward(self, x, w1, b1, w2, b2):
        h = MyLeakyRelu.apply(MyLinear.apply(x, w1, b1), self.slope)
        return MySoftmax.apply(MyLinear.apply(h, w2, b2), -1)


class NormBlock(torch.nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.eps = eps

    def forward(self, x, weight):
        return x + Swish.apply(MyLayerNorm.apply(x, weight, self.eps))


class GRLHead:
    def __init__(self, lam):
        self.lam = lam

    def apply(self, features, w):
        reversed_features = GradReverse.apply(features, self.lam)
        return MyMatmul.apply(reversed_features, w)


_quantizer = Quantizer(2.0)
_mlp = CustomMLP(0.1)
_norm_block = NormBlock(1e-5)
_grl_head = GRLHead(0.3)


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------

def my_relu(x):
    return MyRelu.apply(x)


def leaky_relu(x):
    return MyLeakyRelu.apply(x, 0.2) * 2


def leaky_relu_float_arg(x, slope):
    return MyLeakyRelu.apply(x, slope)


def exp_softplus(x):
    return ExpSoftplus.apply(x)


def swish(x):
    return Swish.apply(x)


def silu_via_f(x):
    return SiluViaF.apply(x) - x


def hard_tanh(x):
    return HardTanh.apply(x * 2, -1.0, 1.0)


def my_elu(x):
    return MyElu.apply(x, 1.5)


def mish(x):
    return Mish.apply(x)


def tanh_gelu(x):
    return TanhGelu.apply(x)


def exp_save_out(x):
    return ExpSaveOut.apply(x - 1).sum(dim=0)


def tanh_save_out(x):
    return TanhSaveOut.apply(x) * x


def sigmoid_attr(x):
    return SigmoidAttr.apply(x)


def my_log_sqrt_rsqrt(x):
    return MyLog.apply(x), MySqrt.apply(x), MyRsqrt.apply(x)


def sin_cos(x):
    s, c = SinCos.apply(x)
    return s * s + c, c


def sign_ste(x):
    return SignSTE.apply(x) * x.abs()


def clipped_sign_ste(x, w):
    return (ClippedSignSTE.apply(x) * w).sum(dim=1)


def ternary_ste(x):
    return TernarySTE.apply(x, 0.5) * 3


def clamp_ste(x, y):
    return ClampSTE.apply(x, -0.5, 0.5) * y


def binarize_ste(x, y):
    return BinarizeSTE.apply(x) * y + y


def grad_reverse(x):
    return GradReverse.apply(x, 0.5) * x


def grad_clip(x, y):
    return GradClip.apply(x, 0.25) * y * 3


def stop_second(x, y):
    return StopSecond.apply(x, y) * y


def mul_add(x, y, z):
    return MulAdd.apply(x, y, z)


def mul_add_broadcast(x, y, z):
    # Backward returns y's gradient at the shape of the output: PyTorch sums
    # it to y's shape, as it does for any gradient expandable to the output.
    return MulAdd.apply(x, y, z)


def soft_norm2(x, y):
    return SoftNorm2.apply(x, y)


def my_div(x, y):
    return MyDiv.apply(x, y)


def pow_scalar(x):
    return PowScalar.apply(x, 2.5) + PowScalar.apply(x, -1.0)


def pow_tensor(x, y):
    return PowTensor.apply(x, y)


def gated_linear(a, b):
    return GatedLinear.apply(a, b)


def max_min(x, y):
    big, small, first = MaxMin.apply(x, y)
    return big - 2 * small, first


def where_mask(x, y):
    out, mask = WhereMask.apply(x, y)
    return out * 2, mask


def softmax_with_argmax(x):
    out, onehot = SoftmaxWithArgmax.apply(x)
    return out * torch.arange(4.0), onehot


def split_halves(x):
    a, b = SplitHalves.apply(x)
    return a * b, a


def stack_pair(x, y):
    return StackPair.apply(x, y) * torch.arange(2.0).reshape(2, 1)


def cat_rows(x, y):
    return CatRows.apply(x, y).sum(dim=1)


def needs_grad_branch(x, y):
    return NeedsGradBranch.apply(x, y)


def scale_maybe_square(x):
    return ScaleMaybeSquare.apply(x, True, 0.5), ScaleMaybeSquare.apply(x, False, 3.0)


def affine_numbers(x, a):
    return AffineNumbers.apply(x, a, 1.0)


def masked_scale(x, mask):
    return MaskedScale.apply(x, mask, 0.5)


def transpose_scale(x):
    return TransposeScale.apply(x)


def reshape_to(x):
    return ReshapeTo.apply(x, 3) * torch.arange(8.0)


def permute_fn(x):
    return PermuteFn.apply(x) * torch.arange(4.0).reshape(4, 1, 1)


def broadcast(x):
    return Broadcast.apply(x, 3) * torch.arange(3.0).reshape(3, 1)


def lower_triangle(x):
    return LowerTriangle.apply(x @ x.t())


def flatten_view(x):
    return FlattenView.apply(x)


def sum_squares(x):
    return SumSquares.apply(x)


def mean_dim(x):
    return MeanDim.apply(x, 1), MeanDim.apply(x, 0)


def row_max(x):
    return RowMax.apply(x)


def col_min(x):
    return ColMin.apply(x) * 2


def log_sum_exp(x):
    return LogSumExp.apply(x)


def my_softmax(x):
    return MySoftmax.apply(x, 1) * torch.arange(5.0)


def my_softmax_dim0(x):
    return MySoftmax.apply(x, 0) * x


def my_log_softmax(x):
    return MyLogSoftmax.apply(x) * torch.arange(5.0)


def l2_normalize(x):
    return L2Normalize.apply(x, 1e-6) * torch.arange(4.0)


def my_layer_norm(x, weight):
    return MyLayerNorm.apply(x, weight, 1e-5) * torch.arange(6.0)


def rms_norm(x):
    return RMSNorm.apply(x, 1e-6) * torch.arange(6.0)


def mse_loss(pred, target):
    return MSELoss.apply(pred, target)


def huber_loss(x, y):
    return HuberLoss.apply(x, y, 0.8)


def soft_cross_entropy(logits, target):
    return SoftCrossEntropy.apply(logits, target)


def cosine_similarity(x, y):
    return CosineSimilarity.apply(x, y) * torch.arange(3.0)


def my_matmul(a, b):
    return MyMatmul.apply(a, b)


def my_mm(a, b):
    return MyMm.apply(a, b) * torch.arange(2.0)


def my_bmm(a, b):
    return MyBmm.apply(a, b)


def my_linear(x, w, b):
    return MyLinear.apply(x, w, b)


def my_linear_no_bias(x, w):
    return MyLinear.apply(x, w, None)


def bilinear(x, w, y):
    return Bilinear.apply(x, w, y)


def attention(q, k, v):
    return Attention.apply(q, k, v, 0.5)


def causal_scores(q, k):
    return CausalScores.apply(q, k) * 2


def swish_via_sigmoid(x):
    return SwishViaSigmoid.apply(x)


def double_tanh(x):
    return DoubleTanh.apply(x) * 3


def linear_relu(x, w, b):
    return LinearRelu.apply(x, w, b)


def scaled_shift(x):
    return ScaledShift.apply(x), HalfScaledShift.apply(x)


def class_backward(x):
    return ClassBackward.apply(x)


def quantizer(x):
    return _quantizer(x)


def custom_mlp(x, w1, b1, w2, b2):
    return _mlp(x, w1, b1, w2, b2)


def norm_block(x, weight):
    return _norm_block(x, weight)


def grl_head(features, w):
    return _grl_head.apply(features, w)


def local_quantizer(x):
    return Quantizer(4.0).quantize(x)


# Several Functions, some applied several times, with ordinary ops between.
def stacked_activations(x):
    h = MyRelu.apply(x) + Swish.apply(x) + ExpSoftplus.apply(x)
    h = TanhSaveOut.apply(h * 0.5)
    return MyRelu.apply(h - 0.1), SigmoidAttr.apply(h)


def deep_linear(x, w1, b1, w2, b2, w3):
    h = MyLeakyRelu.apply(MyLinear.apply(x, w1, b1), 0.1)
    h = MyRelu.apply(MyLinear.apply(h, w2, b2))
    logits = MyLinear.apply(h, w3, None)
    return MyLogSoftmax.apply(logits)


def layered_norms(x, weight):
    h = MyLayerNorm.apply(x, weight, 1e-5)
    h = RMSNorm.apply(h * 2 + 1, 1e-6)
    return L2Normalize.apply(h, 1e-6).sum(dim=0)


def losses_combined(pred, target):
    return MSELoss.apply(pred, target) + HuberLoss.apply(pred.reshape(-1), target.reshape(-1), 0.5) * 2


def attention_block(x, wq, wk, wv):
    q = MyLinear.apply(x[0], wq, None).unsqueeze(0)
    k = MyLinear.apply(x[0], wk, None).unsqueeze(0)
    v = MyLinear.apply(x[0], wv, None).unsqueeze(0)
    return Attention.apply(q, k, v, 0.5) + x


def reused_output(x):
    y = MyRelu.apply(x)
    return y * y, MySqrt.apply(y + 1)


def ste_quantized_matmul(x, w):
    return MyMatmul.apply(x, ClippedSignSTE.apply(w)) + MyMatmul.apply(x, w) * 0.1


def double_precision(x, y):
    return GatedLinear.apply(x, y), PowTensor.apply(y.abs() + 1, x)


def mixed_needs_grad(x, y):
    # y does not require grad: backward returns None for it.
    return NeedsGradBranch.apply(x, y) + MulAdd.apply(x, y, x)



def sum_three(x, y, z):
    return SumThree.apply(x, y, z) * 2


def sum_all(x, y, z):
    return SumAll.apply(x, y, z)


def sum_pair(x, y):
    return SumPair.apply(x, y)


def sum_pair_inlined(x, y):
    return SumPair.apply(x, y)


def scale_by_count(x, y):
    return ScaleByCount.apply(x, y)


def sum_three_inlined(x, y, z):
    return SumThree.apply(x, y, z)


def scale_by_count_inlined(x, y):
    return ScaleByCount.apply(x, y)


def repeat_grad(x, y, z):
    return RepeatGrad.apply(x, y, z)


def save_optional(x, shift):
    return SaveOptional.apply(x, None), SaveOptional.apply(x, shift)


def backward_applies(x):
    return BackwardApplies.apply(x) * x.detach()


def index_input(x, labels):
    return IndexInput.apply(x, labels)


def returns_input(x):
    return ReturnsInput.apply(x) * 3


def returns_view(x):
    return ReturnsView.apply(x) * torch.arange(6.0)


def unused_output(x):
    # The cosine is not used: backward gets zeros for it.
    s, c = SinCos.apply(x)
    return s * 2


def same_input_thrice(x):
    return MulAdd.apply(x, x, x)


def sliced_input(x):
    return Swish.apply(x[1:4]), MyRelu.apply(x[:, 0])


def scalar_tensor(x, y):
    return MyDiv.apply(x, y) + PowScalar.apply(y, 2.0)


def applied_in_loop(x):
    for _ in range(3):
        x = TanhSaveOut.apply(x * 1.5)
    return x


def applied_in_comprehension(x, y):
    return torch.stack([MyRelu.apply(t) for t in (x, y, x - y)])


def squeezed_row_max(x):
    return RowMax.apply(x).squeeze(-1)


# The same entries on inputs that do not require grad: each forward is
# inlined with a fresh context.
def my_relu_inlined(x):
    return my_relu(x)


def leaky_relu_float_arg_inlined(x, slope):
    return leaky_relu_float_arg(x, slope)


def swish_inlined(x):
    return swish(x)


def hard_tanh_inlined(x):
    return hard_tanh(x)


def sin_cos_inlined(x):
    return sin_cos(x)


def ternary_ste_inlined(x):
    return ternary_ste(x)


def max_min_inlined(x, y):
    return max_min(x, y)


def softmax_with_argmax_inlined(x):
    return softmax_with_argmax(x)


def split_halves_inlined(x):
    return split_halves(x)


def my_layer_norm_inlined(x, weight):
    return my_layer_norm(x, weight)


def soft_cross_entropy_inlined(logits, target):
    return soft_cross_entropy(logits, target)


def attention_inlined(q, k, v):
    return attention(q, k, v)


def double_tanh_inlined(x):
    return double_tanh(x)


def scaled_shift_inlined(x):
    return scaled_shift(x)


def quantizer_inlined(x):
    return quantizer(x)


def custom_mlp_inlined(x, w1, b1, w2, b2):
    return custom_mlp(x, w1, b1, w2, b2)


def stacked_activations_inlined(x):
    return stacked_activations(x)


def my_linear_no_bias_inlined(x, w):
    return my_linear_no_bias(x, w)


def custom_mlp_weights_only(x, w1, b1, w2, b2):
    # Only the first layer's weights require grad.
    return _mlp(x, w1, b1, w2, b2)


CASES = [
    # No input requires grad: the forwards are inlined.
    ("my_relu_inlined", ["f32[6]"]),
    ("leaky_relu_float_arg_inlined", ["f32[6]", "float=0.3"]),
    ("swish_inlined", ["f32[2,3]"]),
    ("hard_tanh_inlined", ["f32[8]"]),
    ("sin_cos_inlined", ["f32[5]"]),
    ("ternary_ste_inlined", ["f32[8]"]),
    ("max_min_inlined", ["f32[6]", "f32[6]"]),
    ("softmax_with_argmax_inlined", ["f32[3,4]"]),
    ("split_halves_inlined", ["f32[3,4]"]),
    ("my_layer_norm_inlined", ["f32[2,6]", "f32[6]"]),
    ("soft_cross_entropy_inlined", ["f32[4,5]", "f32[4,5]|pos"]),
    ("attention_inlined", ["f32[2,3,4]", "f32[2,5,4]", "f32[2,5,4]"]),
    ("double_tanh_inlined", ["f32[5]"]),
    ("scaled_shift_inlined", ["f32[4]"]),
    ("quantizer_inlined", ["f32[8]"]),
    ("custom_mlp_inlined", ["f32[2,4]", "f32[8,4]", "f32[8]", "f32[3,8]", "f32[3]"]),
    ("stacked_activations_inlined", ["f32[6]"]),
    ("my_linear_no_bias_inlined", ["f32[2,4]", "f32[3,4]"]),
    ("sum_three_inlined", ["f32[4]", "f32[4]", "f32[4]"]),
] + [(entry, specs, {"grad": True}) for entry, specs in [
    ("my_relu", ["f32[6]:grad"]),
    ("leaky_relu", ["f32[6]:grad"]),
    ("leaky_relu_float_arg", ["f32[6]:grad", "float=0.3"]),
    ("exp_softplus", ["f32[6]:grad"]),
    ("swish", ["f32[2,3]:grad"]),
    ("silu_via_f", ["f32[6]:grad"]),
    ("hard_tanh", ["f32[8]:grad"]),
    ("my_elu", ["f32[8]:grad"]),
    ("mish", ["f32[6]:grad"]),
    ("tanh_gelu", ["f32[6]:grad"]),
    ("exp_save_out", ["f32[3,4]:grad"]),
    ("tanh_save_out", ["f32[6]:grad"]),
    ("sigmoid_attr", ["f32[6]:grad"]),
    ("my_log_sqrt_rsqrt", ["f32[6]:grad|pos"]),
    ("sin_cos", ["f32[5]:grad"]),
    ("sign_ste", ["f32[6]:grad"]),
    ("clipped_sign_ste", ["f32[3,4]:grad", "f32[3,4]:grad"]),
    ("ternary_ste", ["f32[8]:grad"]),
    ("clamp_ste", ["f32[8]:grad", "f32[8]:grad"]),
    ("binarize_ste", ["f32[6]:grad", "f32[6]:grad"]),
    ("grad_reverse", ["f32[5]:grad"]),
    ("grad_clip", ["f32[6]:grad", "f32[6]:grad"]),
    ("stop_second", ["f32[4]:grad", "f32[4]:grad"]),
    ("mul_add", ["f32[3,4]:grad", "f32[3,4]:grad", "f32[3,4]:grad"]),
    ("soft_norm2", ["f32[5]:grad", "f32[5]:grad"]),
    ("my_div", ["f32[5]:grad", "f32[5]:grad|pos"]),
    ("pow_scalar", ["f32[5]:grad|pos"]),
    ("pow_tensor", ["f32[5]:grad|pos", "f32[5]:grad"]),
    ("gated_linear", ["f32[2,4]:grad", "f32[2,4]:grad"]),
    ("max_min", ["f32[6]:grad", "f32[6]:grad"]),
    ("where_mask", ["f32[6]:grad", "f32[6]:grad"]),
    ("softmax_with_argmax", ["f32[3,4]:grad"]),
    ("split_halves", ["f32[3,4]:grad"]),
    ("stack_pair", ["f32[3]:grad", "f32[3]:grad"]),
    ("cat_rows", ["f32[2,3]:grad", "f32[4,3]:grad"]),
    ("needs_grad_branch", ["f32[4]:grad", "f32[4]:grad"]),
    ("scale_maybe_square", ["f32[4]:grad"]),
    ("affine_numbers", ["f32[4]:grad", "float=-2.0"]),
    ("masked_scale", ["f32[6]:grad", "f32[6]"]),
    ("transpose_scale", ["f32[3,4]:grad"]),
    ("reshape_to", ["f32[4,6]:grad"]),
    ("permute_fn", ["f32[2,3,4]:grad"]),
    ("broadcast", ["f32[4]:grad"]),
    ("lower_triangle", ["f32[4,3]:grad"]),
    ("flatten_view", ["f32[2,3,2]:grad"]),
    ("sum_squares", ["f32[3,4]:grad"]),
    ("mean_dim", ["f32[3,4]:grad"]),
    ("row_max", ["f32[3,5]:grad"]),
    ("col_min", ["f32[3,5]:grad"]),
    ("log_sum_exp", ["f32[3,5]:grad"]),
    ("my_softmax", ["f32[3,5]:grad"]),
    ("my_softmax_dim0", ["f32[3,5]:grad"]),
    ("my_log_softmax", ["f32[3,5]:grad"]),
    ("l2_normalize", ["f32[3,4]:grad"]),
    ("my_layer_norm", ["f32[2,6]:grad", "f32[6]:grad"]),
    ("rms_norm", ["f32[2,6]:grad"]),
    ("mse_loss", ["f32[3,4]:grad", "f32[3,4]:grad"]),
    ("huber_loss", ["f32[8]:grad", "f32[8]:grad"]),
    ("soft_cross_entropy", ["f32[4,5]:grad", "f32[4,5]|pos"]),
    ("cosine_similarity", ["f32[3,4]:grad", "f32[3,4]:grad"]),
    ("my_matmul", ["f32[3,4]:grad", "f32[4,5]:grad"]),
    ("my_mm", ["f32[3,4]:grad", "f32[4,2]:grad"]),
    ("my_bmm", ["f32[2,3,4]:grad", "f32[2,4,5]:grad"]),
    ("my_linear", ["f32[2,4]:grad", "f32[3,4]:grad", "f32[3]:grad"]),
    ("my_linear_no_bias", ["f32[2,4]:grad", "f32[3,4]:grad"]),
    ("bilinear", ["f32[3,4]:grad", "f32[4,5]:grad", "f32[3,5]:grad"]),
    ("attention", ["f32[2,3,4]:grad", "f32[2,5,4]:grad", "f32[2,5,4]:grad"]),
    ("causal_scores", ["f32[4,3]:grad", "f32[4,3]:grad"]),
    ("swish_via_sigmoid", ["f32[6]:grad"]),
    ("double_tanh", ["f32[5]:grad"]),
    ("linear_relu", ["f32[3,4]:grad", "f32[5,4]:grad", "f32[5]:grad"]),
    ("scaled_shift", ["f32[4]:grad"]),
    ("class_backward", ["f32[4]:grad"]),
    ("quantizer", ["f32[8]:grad"]),
    ("local_quantizer", ["f32[8]:grad"]),
    ("custom_mlp", ["f32[2,4]:grad", "f32[8,4]:grad", "f32[8]:grad", "f32[3,8]:grad", "f32[3]:grad"]),
    ("custom_mlp_weights_only", ["f32[2,4]", "f32[8,4]:grad", "f32[8]:grad", "f32[3,8]:grad", "f32[3]"]),
    ("norm_block", ["f32[3,6]:grad", "f32[6]:grad"]),
    ("grl_head", ["f32[3,4]:grad", "f32[4,2]:grad"]),
    ("stacked_activations", ["f32[6]:grad"]),
    ("deep_linear", ["f32[2,4]:grad", "f32[6,4]:grad", "f32[6]:grad",
                     "f32[5,6]:grad", "f32[5]:grad", "f32[3,5]:grad"]),
    ("layered_norms", ["f32[3,6]:grad", "f32[6]:grad"]),
    ("losses_combined", ["f32[3,4]:grad", "f32[3,4]:grad"]),
    ("attention_block", ["f32[1,3,4]:grad", "f32[4,4]:grad", "f32[4,4]:grad", "f32[4,4]:grad"]),
    ("reused_output", ["f32[6]:grad"]),
    ("ste_quantized_matmul", ["f32[2,3]:grad", "f32[3,4]:grad"]),
    ("double_precision", ["f64[5]:grad", "f64[5]:grad"]),
    ("mixed_needs_grad", ["f32[4]:grad", "f32[4]"]),
    ("sum_three", ["f32[4]:grad", "f32[4]:grad", "f32[4]:grad"]),
    ("scale_by_count", ["f32[4]:grad", "f32[4]:grad"]),
    ("sum_pair", ["f32[4]:grad", "f32[4]:grad"]),
    ("save_optional", ["f32[4]:grad", "f32[4]:grad"]),
    ("backward_applies", ["f32[5]:grad"]),
    ("index_input", ["f32[6]:grad", "i64[6]"]),
    ("returns_view", ["f32[2,3]:grad"]),
    ("unused_output", ["f32[5]:grad"]),
    ("same_input_thrice", ["f32[4]:grad"]),
    ("sliced_input", ["f32[5,3]:grad"]),
    ("scalar_tensor", ["f32[]:grad", "f32[]:grad|pos"]),
    ("applied_in_loop", ["f32[4]:grad"]),
    ("applied_in_comprehension", ["f32[4]:grad", "f32[4]:grad"]),
]]

# Once known gaps, found by this corpus.
CASES += [
    # backward returns a gradient of the output's shape for a broadcast
    # input: PyTorch sums it to the input's shape.
    ("mul_add_broadcast", ["f32[3,4]:grad", "f32[4]:grad", "f32[3,4]:grad"], {"grad": True}),
    # A slice of forward's *args tuple.
    ("sum_all", ["f32[4]:grad", "f32[4]:grad", "f32[4]:grad"], {"grad": True}),
    # Without grad, forward(ctx, *xs) of two arguments takes ctx (Dynamo
    # tells the setup_context style by the number of parameters).
    ("sum_pair_inlined", ["f32[4]", "f32[4]"]),
    ("scale_by_count_inlined", ["f32[4]", "f32[4]"]),
    # A tuple repeated by an int: (g,) * n.
    ("repeat_grad", ["f32[4]:grad", "f32[4]:grad", "f32[4]:grad"], {"grad": True}),
    # A forward that returns its input.
    ("returns_input", ["f32[4]:grad"], {"grad": True}),
    ("squeezed_row_max", ["f32[3,5]:grad"], {"grad": True}),
]

BREAKS = []

KNOWN_GAPS = []
