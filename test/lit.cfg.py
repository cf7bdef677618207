# -*- Python -*-
# The lit configuration of Dynamir's regression tests.

import glob
import os
import re
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "Dynamir"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".py", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dynamir_obj_root, "test")

llvm_config.with_system_environment(["HOME", "PYENV_ROOT", "PATH"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.dynamir_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = ["dynamir-opt", "dynamir-translate", "dynamir-runner", "dynamir-import-bench",
         "dynamir-pyc-fuzzer"]
llvm_config.add_tool_substitutions(tools, [config.dynamir_tools_dir])


def find_cpython(minor):
    """The interpreter of CPython 3.<minor>: $DYNAMIR_PYTHON3<minor>, pyenv's
    versions (under $PYENV_ROOT, `pyenv root` or ~/.pyenv), or python3.<minor>
    on PATH. A missing interpreter is fatal: no test skips silently."""
    override = os.environ.get("DYNAMIR_PYTHON3%d" % minor)
    if override:
        return override
    roots = []
    if os.environ.get("PYENV_ROOT"):
        roots.append(os.environ["PYENV_ROOT"])
    try:
        roots.append(subprocess.check_output(["pyenv", "root"], text=True,
                                             stderr=subprocess.DEVNULL).strip())
    except (OSError, subprocess.CalledProcessError):
        pass
    roots.append(os.path.expanduser("~/.pyenv"))
    candidates = []
    for root in roots:
        for path in glob.glob(os.path.join(root, "versions", "3.%d.*" % minor,
                                           "bin", "python3.%d" % minor)):
            match = re.search(r"3\.%d\.(\d+)/" % minor, path)
            if match and os.access(path, os.X_OK):
                candidates.append((int(match.group(1)), path))
    if candidates:
        return max(candidates)[1]
    on_path = shutil.which("python3.%d" % minor)
    if on_path:
        return on_path
    lit_config.fatal(
        "CPython 3.%d is required by the tests and was not found "
        "(looked in pyenv roots %s and on PATH; set DYNAMIR_PYTHON3%d)"
        % (minor, ", ".join(roots), minor))


for minor in (11, 12, 13):
    path = find_cpython(minor)
    config.substitutions.append(("%%cpython3%d" % minor, path))
    lit_config.note("CPython 3.%d: %s" % (minor, path))

# PyTorch eager, the reference of the tensor tests: Debian's python3-torch, for
# Debian's own python3. Missing, it is fatal.
torch_python = os.environ.get("DYNAMIR_TORCH_PYTHON", "/usr/bin/python3")
try:
    torch_version = subprocess.check_output(
        [torch_python, "-c", "import torch, numpy; print(torch.__version__)"],
        text=True, stderr=subprocess.STDOUT).strip()
except (OSError, subprocess.CalledProcessError) as e:
    lit_config.fatal("PyTorch and numpy are required by the tests and %s cannot "
                     "import them (install python3-torch and python3-numpy, or "
                     "set DYNAMIR_TORCH_PYTHON): %s" % (torch_python, e))
lit_config.note("PyTorch %s: %s" % (torch_version, torch_python))
config.substitutions.append(("%torch_python", torch_python))

# The seed of the randomized differential tests: fixed, so that a run is
# reproducible; DYNAMIR_TEST_SEED explores others.
test_seed = os.environ.get("DYNAMIR_TEST_SEED", "7")
lit_config.note("randomized tests use seed %s (DYNAMIR_TEST_SEED)" % test_seed)
config.substitutions.append(("%test_seed", test_seed))

config.substitutions.append(("%dynamir_src_root", config.dynamir_src_root))
config.substitutions.append(("%dynamir_obj_root", config.dynamir_obj_root))
config.substitutions.append(("%dynamir_lib_dir", config.dynamir_lib_dir))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))

# Debian's own mlir-opt, which loads Dynamir as a plugin.
mlir_opt = os.path.join(config.llvm_tools_dir, "mlir-opt")
if not os.access(mlir_opt, os.X_OK):
    lit_config.fatal("mlir-opt not found at %s (install mlir-19-tools)" % mlir_opt)
config.substitutions.append(("%mlir_opt", mlir_opt))

# Debian's mlir-cpu-runner and its runtime libraries, which execute lowered tg
# graphs in the differential tests. Missing, they are fatal.
mlir_cpu_runner = os.path.join(config.llvm_tools_dir, "mlir-cpu-runner")
if not os.access(mlir_cpu_runner, os.X_OK):
    lit_config.fatal("mlir-cpu-runner not found at %s (install mlir-19-tools)"
                     % mlir_cpu_runner)
config.substitutions.append(("%mlir_cpu_runner", mlir_cpu_runner))
mlir_runner_utils_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
for lib in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"):
    if not os.path.exists(os.path.join(mlir_runner_utils_dir, lib)):
        lit_config.fatal("%s not found in %s (install libmlir-19-dev)"
                         % (lib, mlir_runner_utils_dir))
config.substitutions.append(("%mlir_runner_utils_dir", mlir_runner_utils_dir))
