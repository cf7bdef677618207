# Every kind of constant marshal stores becomes an attribute of py.constant:
# None, Ellipsis, bools, arbitrary-precision ints, floats (NaN and infinities
# included), complex numbers, str (non-ASCII and lone surrogates included),
# bytes, nested tuples and frozensets.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# The compiler folds the tuple into one constant.
# CHECK-LABEL: py.func @scalars()
# CHECK-NEXT:    py.constant [#py.none, #py.ellipsis, true, false, #py.int<0>, #py.int<-1>, #py.int<2147483648>, #py.int<12345678901234567890123456789>, #py.int<-98765432109876543210987654321>, 1.500000e+00, -0.000000e+00, 1.000000e-300, #py.complex<0.000000e+00, 1.000000e+00>, #py.complex<1.500000e+00, -2.000000e+00>]
def scalars():
    return (None, ..., True, False, 0, -1, 2147483648,
            12345678901234567890123456789, -98765432109876543210987654321,
            1.5, -0.0, 1e-300, 1j, (1.5-2j))


# A lone surrogate is stored as marshal writes it (UTF-8 with surrogatepass).
# CHECK-LABEL: py.func @strings()
# CHECK-NEXT:    py.constant ["plain", "h\C3\A9llo \E2\82\AC", "\ED\A0\80", #py.bytes<"\00\FFabc">, ""]
def strings():
    return ("plain", "héllo €", "\ud800", b"\x00\xffabc", "")


# CHECK-LABEL: py.func @containers(%x: !py.object)
# CHECK:         py.constant [#py.int<1>, ["a", #py.none], []]
# CHECK:         %[[S:.+]] = py.constant #py.frozenset<[#py.int<7>]>
# CHECK:         py.contains %x in %[[S]]
def containers(x):
    return (1, ("a", None), ()), x in {7}
