"""The result.json a value should give, as dynamir-runner writes it, and a
driver that runs a corpus entry in one CPython and prints that JSON.

harness.py imports result_json for the eager reference (it passes the hook
that names tensors). For a case whose result depends on the version of
CPython (the option `cpython: True`: a message that changed, such as 3.13's
"Did you mean" for a misspelt keyword), the harness runs this file as a
script with each supported interpreter, which has no torch:

    python -I cpython_result.py MODULE.py ENTRY ARGS_JSON

prints the result of ENTRY(*ARGS) (or `{"raised": E}`) as JSON. Such an
entry takes and returns no tensor; `import torch` in the corpus module gets
an empty module where the interpreter has none.
"""

import importlib.util
import json
import sys
import types


def result_json(value, tensor=None):
    """The JSON of a return value; `tensor(value)` gives a tensor's (None
    where there is none)."""
    if tensor is not None:
        named = tensor(value)
        if named is not None:
            return named
    if isinstance(value, (tuple, list)):
        return [result_json(v, tensor) for v in value]
    if isinstance(value, dict):
        return {str(k): result_json(v, tensor) for k, v in value.items()}
    if isinstance(value, BaseException):
        return exception_json(value, tensor)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError("the result holds a %s" % type(value).__name__)


def exception_json(exc, tensor=None):
    """An exception as the runner writes it: its type's name, its args and
    its chain, recursively."""
    def link(value):
        return None if value is None else exception_json(value, tensor)
    return {"exception": type(exc).__name__,
            "args": result_json(list(exc.args), tensor),
            "context": link(exc.__context__),
            "cause": link(exc.__cause__),
            "suppress_context": exc.__suppress_context__,
            "attributes": {str(k): result_json(v, tensor) for k, v in vars(exc).items()}}


def main():
    path, entry, arguments = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    try:
        import torch  # noqa: F401
    except ImportError:
        sys.modules["torch"] = types.ModuleType("torch")
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location("corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        result = result_json(getattr(module, entry)(*arguments))
    except Exception as e:
        result = {"raised": exception_json(e)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
