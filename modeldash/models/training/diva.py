"""Recipe: train the DigitsCNN feature extractor on the clean `pretrain` split of sklearn digits."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from modeldash.data.diva_digits import load_digits, split_digits
from modeldash.models.diva_cnn import DigitsCNN, DigitsCNNConfig
from modeldash.models.zoo import Manifest, save_model

NAME = "digits_cnn"
SPLIT_SEED = 0


def train_digits_cnn(*, seed: int = 0, epochs: int = 60, quick: bool = False, zoo=None, progress=None) -> Manifest:
    """Train on the 500 pretrain digits (clean labels, disjoint from what DIVA weights); save to the zoo."""
    if quick:
        epochs = 5
    images, labels = load_digits()
    split = split_digits(len(labels), seed=SPLIT_SEED)
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)  # layer initialisation draws from the global generator
    cfg = DigitsCNNConfig()
    model = DigitsCNN(cfg)
    x = torch.from_numpy(images[split.pretrain])
    y = torch.from_numpy(labels[split.pretrain])
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-3)
    batch = 64
    for epoch in range(epochs):
        model.train()
        for idx in torch.randperm(len(x), generator=g).split(batch):
            xb = x[idx]
            # small random shifts (±1 pixel) so the features do not memorise positions
            dx, dy = (int(v) for v in torch.randint(-1, 2, (2,), generator=g))
            xb = torch.roll(xb, shifts=(dy, dx), dims=(1, 2))
            loss = F.cross_entropy(model(xb), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        if progress:
            progress((epoch + 1) / epochs)
    model.eval()
    with torch.no_grad():
        xt = torch.from_numpy(images[split.test])
        acc = float((model(xt).argmax(1).numpy() == labels[split.test]).mean())
        train_acc = float((model(x).argmax(1) == y).float().mean())
    manifest = Manifest(
        name=NAME,
        task="diva",
        architecture="DigitsCNN",
        config=cfg.__dict__.copy(),
        dataset={
            "name": "sklearn digits",
            "part": "pretrain",
            "split_seed": SPLIT_SEED,
            "n_train": int(len(split.pretrain)),
            "n_test": int(len(split.test)),
        },
        seed=seed,
        training={
            "epochs": epochs,
            "optimizer": "AdamW",
            "lr": 2e-3,
            "weight_decay": 1e-3,
            "batch_size": batch,
            "augmentation": "random ±1 pixel shift",
            "quick": quick,
        },
        metrics={"test_accuracy": round(acc, 4), "train_accuracy": round(train_acc, 4)},
    )
    save_model(model, manifest, zoo)
    return manifest
