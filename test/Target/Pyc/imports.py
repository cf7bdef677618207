# Imports: absolute, relative, `from ... import ... as`, and `import *` (3.11's
# IMPORT_STAR and 3.12's intrinsic import to the same op).
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @"<module>"()
# CHECK:         %[[STAR:.+]] = py.constant ["*"]
# CHECK-NEXT:    %json = py.import_name "json" level %c0 fromlist %[[STAR]]
# CHECK-NEXT:    py.import_star %json
from json import *

# CHECK-LABEL: py.func @imports()
# CHECK:         %os.path = py.import_name "os.path" level %c0 fromlist %none
# CHECK:         %[[NAMES:.+]] = py.constant ["name"]
# CHECK:         %rel = py.import_name "rel" level %c1 fromlist %[[NAMES]]
# CHECK:         %[[NAME:.+]] = py.import_from %rel["name"]
# CHECK:         %collections = py.import_name "collections"
# CHECK:         %[[OD:.+]] = py.import_from %collections["OrderedDict"]
# CHECK:         py.build_tuple(%os.path, %[[NAME]], %[[OD]])
def imports():
    import os.path
    from .rel import name
    from collections import OrderedDict as OD
    return os, name, OD
