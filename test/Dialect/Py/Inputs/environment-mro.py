class X: pass
class Y: pass


class P(X, Y):
    pass


class Q(Y, X):
    pass
class Z(P, Q):
    pass
