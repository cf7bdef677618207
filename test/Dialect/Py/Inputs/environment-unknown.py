import torch
import mylib


class Box:
    def __init__(self):
        self.items = [1, 2]


box = Box()
weights = mylib.load(box)
after = 1
if weights:
    late = 2
else:
    late = 3
final = 4
