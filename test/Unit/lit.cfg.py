# -*- Python -*-
# The lit configuration of Dynamir's unit tests: every GoogleTest executable
# named *Tests in the build's test/Unit directory, each gtest counted as a lit
# test. The main suite (test/lit.cfg.py) reaches this one through the
# lit.site.cfg.py next to the executables, as a suite of its own.

import os

import lit.formats

config.name = "Dynamir-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.dynamir_obj_root, "test", "Unit")
config.test_source_root = config.test_exec_root
config.excludes = ["CMakeFiles"]
config.test_format = lit.formats.GoogleTest(config.llvm_build_mode, "Tests")
