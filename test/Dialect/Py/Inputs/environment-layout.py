class Sizes(tuple):
    pass


class Names(list):
    pass


class Both(Sizes, Names):
    pass
