# Reductions: sum, mean, amax, amin over all, one or several dimensions, with
# and without keepdim, as torch functions and Tensor methods, and the
# statistics built from them. Tables at the end (see harness.py).

import torch
import torch.nn.functional as F


def sum_all(x):
    return torch.sum(x), x.sum() * 2


def sum_two_ways(x):
    return torch.sum(x), x.sum()


def sum_dim(x):
    return torch.sum(x, 1), x.sum(dim=0)


def sum_keepdim(x):
    return x.sum(dim=-1, keepdim=True), torch.sum(x, dim=1, keepdim=True)


def sum_dims_tuple_list(x):
    return x.sum(dim=(0, 2)), torch.sum(x, (1, 2), True), x.sum([0, 1])


def mean_all_and_dim(x):
    return torch.mean(x), x.mean() + 1, x.mean(dim=-1), torch.mean(x, 0, keepdim=True)


def mean_dims(x):
    return x.mean(dim=(1, 2)), x.mean(dim=(-1, -3), keepdim=True)


def amax_amin(x):
    return torch.amax(x, dim=1), torch.amin(x, dim=0), x.amax(), x.amin(dim=(0, 1))


def amax_keepdim(x):
    return x.amax(dim=-1, keepdim=True) - x.amin(dim=-1, keepdim=True)


def variance(x):
    m = x.mean(dim=-1, keepdim=True)
    return ((x - m) ** 2).mean(dim=-1)


def unbiased_variance(x):
    m = x.mean(dim=0)
    return ((x - m) * (x - m)).sum(dim=0) / (x.shape[0] - 1)


def std_by_hand(x):
    m = x.mean(dim=1, keepdim=True)
    return torch.sqrt(((x - m) ** 2).mean(dim=1))


def l2_l1_norms(x):
    return torch.sqrt((x * x).sum(dim=-1)), torch.abs(x).sum(dim=-1)


def frobenius(x):
    return torch.sqrt(torch.sum(x ** 2))


def logsumexp_by_hand(x):
    m = x.amax(dim=-1, keepdim=True)
    return torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True)) + m


def softmax_by_hand(x):
    e = torch.exp(x - x.amax(dim=-1, keepdim=True))
    return e / e.sum(dim=-1, keepdim=True)


def log_softmax_by_hand(x):
    s = x - x.amax(dim=1, keepdim=True)
    return s - torch.log(torch.exp(s).sum(dim=1, keepdim=True))


def cosine_similarity_by_hand(a, b):
    dot = (a * b).sum(dim=-1)
    return dot / (torch.sqrt((a * a).sum(dim=-1)) * torch.sqrt((b * b).sum(dim=-1)))


def mse_l1_losses_by_hand(pred, target):
    return ((pred - target) ** 2).mean(), torch.abs(pred - target).mean()


def cross_entropy_by_hand(logits, onehot):
    return -(onehot * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean()


def range_normalize(x):
    lo = x.amin(dim=0, keepdim=True)
    hi = x.amax(dim=0, keepdim=True)
    return (x - lo) / (hi - lo)


def sum_int(x):
    return x.sum(), x.sum(dim=0)


def sum_bool(x):
    return x.sum(), torch.sum(x, dim=1)


def amax_int(x):
    return x.amax(dim=1), x.amin()


def mean_f64(x):
    return x.mean(dim=0), x.sum(), x.amax(dim=1)


def reduce_0d(x):
    return x.sum(), x.mean(), x.amax()


def sum_of_matmul(a, b):
    return (a @ b).sum(dim=0)


CASES = [
    ("sum_all", ["f32[4,8]"]),
    ("sum_dim", ["f32[3,5]"]),
    ("sum_keepdim", ["f32[2,3,4]"]),
    ("sum_dims_tuple_list", ["f32[2,3,4]"]),
    ("mean_all_and_dim", ["f32[4,8]"]),
    ("mean_dims", ["f32[2,3,4]"]),
    ("amax_amin", ["f32[3,4,5]"]),
    ("amax_keepdim", ["f32[4,8]"]),
    ("variance", ["f32[4,16]"]),
    ("unbiased_variance", ["f32[6,3]"]),
    ("std_by_hand", ["f32[5,10]"]),
    ("l2_l1_norms", ["f32[4,8]"]),
    ("frobenius", ["f32[4,8]"]),
    ("logsumexp_by_hand", ["f32[4,8]"]),
    ("softmax_by_hand", ["f32[4,8]"]),
    ("log_softmax_by_hand", ["f32[4,8]"]),
    ("cosine_similarity_by_hand", ["f32[4,8]", "f32[4,8]"]),
    ("mse_l1_losses_by_hand", ["f32[4,8]", "f32[4,8]"]),
    ("cross_entropy_by_hand", ["f32[4,5]", "f32[4,5]|pos"]),
    ("range_normalize", ["f32[6,3]"]),
    ("sum_int", ["i64[4,5]"]),
    ("sum_bool", ["bool[3,7]"]),
    ("amax_int", ["i32[4,5]"]),
    ("mean_f64", ["f64[4,6]"]),
    ("reduce_0d", ["f32[]"]),
    ("sum_of_matmul", ["f32[5,7]", "f32[7,3]"]),
    ("sum_two_ways", ["f32[4,8]"]),
]

KNOWN_GAPS = [
]
