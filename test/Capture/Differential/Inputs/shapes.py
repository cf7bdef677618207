# Shape manipulation: reshape and view (sizes as varargs, tuples, lists, -1,
# sizes read from the input), permute, transpose, t and T, flatten,
# unsqueeze, expand, cat and stack, identities on values, and the sizes
# themselves as Python values. Tables at the end (see harness.py).

import torch


def reshape_varargs_tuple(x):
    return x.reshape(6, 4), x.reshape((4, 6)), torch.reshape(x, (2, 12))


def reshape_infer(x):
    return x.reshape(-1), x.reshape(3, -1), x.view(-1, 2)


def reshape_from_sizes(x):
    b, n, d = x.shape[0], x.shape[1], x.shape[2]
    return x.reshape(b * n, d)


def reshape_from_unpacked_sizes(x):
    b, n, d = x.shape
    return x.reshape(b * n, d)


def sizes_by_multiple_assignment(x):
    b, h, t, d = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
    return x.reshape(b * h, t * d)


def view_list(x):
    return x.view([6, 4])


def view_list_of_three(x):
    return x.view([2, 2, 6])


def sum_dims_list_of_three(x):
    return x.sum([0, 1, 2])


def view_size_method(x):
    return x.view(x.size(0), -1)


def split_heads(x):
    b, t, c = x.size(0), x.size(1), x.size(2)
    return x.view(b, t, 2, c // 2).permute(0, 2, 1, 3)


def merge_heads(x):
    b = x.shape[0]
    h = x.shape[1]
    t = x.shape[2]
    d = x.shape[3]
    return x.permute(0, 2, 1, 3).reshape(b, t, h * d)


def permute_forms(x):
    return x.permute(2, 0, 1), x.permute((1, 2, 0)) * 2, x.permute(-1, 0, -2) + 1


def transpose_forms(x):
    return x.transpose(0, 1), x.transpose(-1, -2) + 1, torch.transpose(x, 0, 2) * 2


def t_and_T(x):
    return x.t(), x.T * 2


def t_of_vector_T_of_3d(v, x):
    return v.t() + 1, x.T


def flatten_forms(x):
    return (torch.flatten(x), torch.flatten(x, 1), torch.flatten(x, 0, 1),
            x.flatten(start_dim=1, end_dim=2))


def unsqueeze_dims(x):
    return x.unsqueeze(0), torch.unsqueeze(x, -1) * 2, x.unsqueeze(1) + 1


def expand_forms(row, x):
    return row.expand(4, 3) + 0, x.expand(2, -1, 5)


def cat_dims(a, b):
    return torch.cat([a, b]), torch.cat((a, b), dim=1), torch.cat([a, b, a], -1)


def cat_keyword(a, b):
    return torch.cat(tensors=[a, b], dim=0)


def stack_dims(a, b):
    return torch.stack([a, b]), torch.stack((a, b), dim=1), torch.stack([a, b], dim=-1)


def cat_mixed_sizes(a, b):
    return torch.cat([a, b], dim=1)


def identities(x):
    return x.contiguous() * 1, x.clone() + 0, x.detach() - 0


def shape_values(x):
    return x.shape, x.ndim, x.dim(), x.size(), x.size(1), x.size(-1), len(x)


def shape_arithmetic(x, n):
    rows = x.shape[0]
    cols = x.shape[1]
    return x * (rows + cols) / n, rows * cols, x.shape[-1] // 2


def numel_by_hand(x):
    n = 1
    for s in x.shape:
        n = n * s
    return x.reshape(n), n


def channels_last_by_hand(x):
    return x.permute(0, 2, 3, 1).contiguous()


def pixel_shuffle_by_hand(x):
    b = x.shape[0]
    c = x.shape[1]
    h = x.shape[2]
    w = x.shape[3]
    r = 2
    y = x.reshape(b, c // (r * r), r, r, h, w)
    y = y.permute(0, 1, 4, 2, 5, 3)
    return y.reshape(b, c // (r * r), h * r, w * r)


def patchify(x):
    b = x.size()[0]
    c = x.size()[1]
    h = x.size()[2]
    w = x.size()[3]
    p = 2
    y = x.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 1, 3, 5)
    return y.reshape(b, (h // p) * (w // p), c * p * p)


def outer_by_broadcast(a, b):
    return a.unsqueeze(1) * b.unsqueeze(0)


def to_dtypes(x):
    return x.double(), x.half(), x.long(), x.int(), x.bool(), x.float()


def to_dtype_objects(x):
    return x.to(torch.float64), x.to(dtype=torch.int32), x.to(torch.bool)


def int_to_float(x):
    return x.float() / 3, x.to(torch.float32) * 0.5


def bfloat16_round_trip(x):
    return x.bfloat16().float()


CASES = [
    ("reshape_varargs_tuple", ["f32[2,3,4]"]),
    ("reshape_infer", ["f32[2,3,4]"]),
    ("reshape_from_sizes", ["f32[2,3,4]"]),
    ("view_list", ["f32[2,3,4]"]),
    ("view_size_method", ["f32[2,3,4]"]),
    ("split_heads", ["f32[2,5,8]"]),
    ("merge_heads", ["f32[2,4,5,3]"]),
    ("permute_forms", ["f32[2,3,4]"]),
    ("transpose_forms", ["f32[2,3,4]"]),
    ("t_and_T", ["f32[3,5]"]),
    ("t_of_vector_T_of_3d", ["f32[5]", "f32[2,3,4]"]),
    ("flatten_forms", ["f32[2,3,4,5]"]),
    ("unsqueeze_dims", ["f32[3,4]"]),
    ("expand_forms", ["f32[1,3]", "f32[1,3,1]"]),
    ("cat_dims", ["f32[2,3]", "f32[2,3]"]),
    ("cat_keyword", ["f32[2,3]", "f32[4,3]"]),
    ("stack_dims", ["f32[2,3]", "f32[2,3]"]),
    ("cat_mixed_sizes", ["f32[2,3]", "f32[2,5]"]),
    ("identities", ["f32[3,4]"]),
    ("shape_values", ["f32[3,4]"]),
    ("shape_arithmetic", ["f32[3,4]", "int=5"]),
    ("numel_by_hand", ["f32[2,3,4]"]),
    ("channels_last_by_hand", ["f32[2,3,4,5]"]),
    ("pixel_shuffle_by_hand", ["f32[1,8,3,2]"]),
    ("patchify", ["f32[2,3,4,6]"]),
    ("outer_by_broadcast", ["f32[4]", "f32[5]"]),
    ("to_dtypes", ["f32[3,4]"]),
    ("to_dtype_objects", ["f32[3,4]"]),
    ("int_to_float", ["i64[3,4]"]),
    ("bfloat16_round_trip", ["f32[3,4]"]),
    ("view_list_of_three", ["f32[2,3,4]"]),
    ("sum_dims_list_of_three", ["f32[2,3,4,5]"]),
    ("reshape_from_unpacked_sizes", ["f32[2,3,4]"]),
    ("sizes_by_multiple_assignment", ["f32[2,3,4,5]"]),
]

KNOWN_GAPS = [
]
