# The bundled example: a small MLP written the way PyTorch users write models,
# with a user class hierarchy, super().__init__() chains and a forward pass.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.fc1 = nn.Linear(features, hidden)
        self.fc2 = nn.Linear(hidden, features)

    def forward(self, x):
        return x + self.fc2(F.gelu(self.fc1(x)))


class MLP(nn.Module):
    def __init__(self, features=8, hidden=32, depth=2):
        super().__init__()
        self.blocks = nn.ModuleList([Block(features, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(features)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return torch.softmax(self.norm(x), dim=-1)


model = MLP()


def run(x):
    return model(x)
