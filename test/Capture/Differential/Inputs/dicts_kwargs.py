# Dicts and keyword arguments: dict displays, dict(...), comprehensions,
# subscripts, `in`, len, get, items/keys/values loops, changes (`d[k] = v`,
# `{**a, **b}`), `f(**d)`, helpers taking `**kwargs` and forwarding
# `*args, **kwargs`. Tables at the end (see harness.py).

import torch


def _affine(x, scale=1.0, shift=0.0):
    return x * scale + shift


def _options(x, **kw):
    out = x * kw["scale"]
    if "shift" in kw:
        out = out + kw["shift"]
    return out + kw.get("bias", 0.0), len(kw)


def _forward(x, *args, **kwargs):
    return _affine(x, *args, **kwargs)


def _act(x, name="relu", **options):
    if name == "leaky":
        return torch.where(x > 0, x, x * options["slope"])
    return torch.relu(x)


def call_with_dict(x):
    opts = {"scale": 2.0, "shift": 1.0}
    return _affine(x, **opts)


def call_with_dict_and_keyword(x):
    opts = {"shift": -1.0}
    return _affine(x, scale=3.0, **opts)


def varkw_helper(x):
    return _options(x, scale=2.0, shift=0.5)


def varkw_helper_defaults(x):
    a = _options(x, scale=-1.0)
    b = _options(x, bias=1.5, scale=0.5)
    return a, b


def forward_args_kwargs(x):
    return _forward(x, 2.0, shift=3.0), _forward(x), _forward(x, shift=1.0, scale=0.5)


def varkw_activation(x):
    return _act(x, "leaky", slope=0.2), _act(x)


def dict_subscripts(x, w):
    params = {"w": w, "scale": 0.5, "n": 2}
    return (x @ params["w"].t()) * params["scale"] + params["n"]


def dict_builtin(x):
    cfg = dict(alpha=0.5, beta=2.0)
    return x * cfg["alpha"] + cfg["beta"], len(cfg), "alpha" in cfg, "gamma" not in cfg


def dict_get(x):
    cfg = {"a": 1.5}
    return x * cfg.get("a") + cfg.get("b", 0.25), cfg.get("c") is None


def dict_set_items(x):
    d = {"a": x}
    d["b"] = x * 2
    d["a"] = d["a"] + 1
    return d["a"] + d["b"], len(d)


def dict_loops(x):
    layers = {"first": 0.5, "second": 2.0, "third": -1.0}
    out = x
    for name, factor in layers.items():
        if name != "second":
            out = out * factor
    for name in layers:
        out = out + layers[name]
    total = 0.0
    for v in layers.values():
        total = total + v
    return out, total, list(layers.keys()), tuple(layers)


def dict_merge_displays(x):
    base = {"scale": 2.0, "shift": 1.0}
    extra = {**base, "shift": -1.0}
    return _affine(x, **extra), len(extra)


def dict_comprehension(x):
    weights = {str(i): float(i + 1) for i in range(3)}
    return x * weights["0"] + x * weights["2"], list(weights)


def dict_of_tensors(x, y):
    outs = {}
    outs["sum"] = x + y
    outs["prod"] = x * y
    outs["max"] = torch.maximum(x, y)
    return outs["sum"] - outs["prod"], outs["max"]


def numeric_keys(x):
    d = {1: x, 2.5: x * 2}
    d[True] = x * 3  # True == 1: replaces the value of key 1
    return d[1] + d[2.5], len(d)


def update_in_loop_of_constants(x):
    d = {}
    for i in range(4):
        d[i] = x * i
    return d[0] + d[3], len(d)


def kwargs_entry_forwarding(x, *args):
    return _forward(x, *args, shift=0.5)


CASES = [
    ("call_with_dict", ["f32[3,4]"]),
    ("call_with_dict_and_keyword", ["f32[3,4]"]),
    ("varkw_helper", ["f32[3,4]"]),
    ("varkw_helper_defaults", ["f32[3,4]"]),
    ("forward_args_kwargs", ["f32[3,4]"]),
    ("varkw_activation", ["f32[3,4]"]),
    ("dict_subscripts", ["f32[2,4]", "f32[3,4]"]),
    ("dict_builtin", ["f32[3,4]"]),
    ("dict_get", ["f32[3,4]"]),
    ("dict_set_items", ["f32[3,4]"]),
    ("dict_loops", ["f32[3,4]"]),
    ("dict_merge_displays", ["f32[3,4]"]),
    ("dict_comprehension", ["f32[3,4]"]),
    ("dict_of_tensors", ["f32[3,4]", "f32[3,4]"]),
    ("numeric_keys", ["f32[3,4]"]),
    ("update_in_loop_of_constants", ["f32[3,4]"]),
    ("kwargs_entry_forwarding", ["f32[3,4]", "float=2.0"]),
]

KNOWN_GAPS = [
]
