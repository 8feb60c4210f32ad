#!/usr/bin/env python3
"""Dump real feature maps from PyTorch as .npy files that `stt-cyclesim --values DIR` reads.

Optional: needs torch, torchvision and numpy (not in requirements.txt; no GPU needed).
Pretrained weights are not downloaded here: pass a state dict with --weights, or the
randomly initialised network is used (its activations are not those of a trained model).

    python3 scripts/dump_activations.py --model vgg19 --batch 4 --images imgs/*.jpg --out acts/
    stt-cyclesim --workload vgg19 --batch 4 --memory bitlevel+sparsecode --values acts/

Each file is named after the Caffe blob the simulator's workload uses (workloads/*.net):
VGG's in-place ReLU writes its conv's blob (conv1_1, ...), pooling writes pool1, ...;
AlexNet likewise (conv1 ... conv5, pool1, pool2, pool5, fc6, fc7). Arrays are float32 in
C order with shape (batch, channels, height, width); the simulator repeats a file that holds
fewer elements than the batch it simulates.
"""
import argparse
import os
import sys


def caffe_names(model_name, model):
    """Map torchvision modules to Caffe blob names (feature maps after ReLU / pooling)."""
    import torch.nn as nn
    names = {}
    if model_name.startswith("vgg"):
        block, conv = 1, 0
        last_conv = None
        for idx, m in enumerate(model.features):
            if isinstance(m, nn.Conv2d):
                conv += 1
                last_conv = f"conv{block}_{conv}"
            elif isinstance(m, nn.ReLU):
                names[m] = last_conv
            elif isinstance(m, nn.MaxPool2d):
                names[m] = f"pool{block}"
                block, conv = block + 1, 0
        relus = [m for m in model.classifier if isinstance(m, nn.ReLU)]
        for i, m in enumerate(relus):
            names[m] = f"fc{6 + i}"
    elif model_name == "alexnet":
        convs = 0
        pools = iter(["pool1", "pool2", "pool5"])
        for m in model.features:
            if isinstance(m, nn.Conv2d):
                convs += 1
            elif isinstance(m, nn.ReLU):
                names[m] = f"conv{convs}"
            elif isinstance(m, nn.MaxPool2d):
                names[m] = next(pools)
        relus = [m for m in model.classifier if isinstance(m, nn.ReLU)]
        for i, m in enumerate(relus):
            names[m] = f"fc{6 + i}"
    else:
        sys.exit(f"dump_activations: no Caffe name map for {model_name}; use vgg16, vgg19 or alexnet")
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="vgg19", choices=["vgg16", "vgg19", "alexnet"])
    ap.add_argument("--weights", help="a torchvision state dict (.pth) to load")
    ap.add_argument("--images", nargs="*", default=[], help="image files (default: random input)")
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args()
    try:
        import numpy as np
        import torch
        import torchvision
    except ImportError as e:
        sys.exit(f"dump_activations: {e}; install torch, torchvision and numpy to use this optional script")

    model = getattr(torchvision.models, args.model)(weights=None)
    if args.weights:
        model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    model.eval()
    size = 227 if args.model == "alexnet" else 224
    if args.images:
        from PIL import Image
        tf = torchvision.transforms.Compose([
            torchvision.transforms.Resize(256), torchvision.transforms.CenterCrop(size),
            torchvision.transforms.ToTensor(),
            torchvision.transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
        x = torch.stack([tf(Image.open(p).convert("RGB")) for p in args.images[: args.batch]])
    else:
        x = torch.randn(args.batch, 3, size, size)
    os.makedirs(args.out, exist_ok=True)
    names = caffe_names(args.model, model)
    saved = []

    def hook(module, _inp, output):
        name = names.get(module)
        if name:
            path = os.path.join(args.out, name.replace("/", "_") + ".npy")
            np.save(path, np.ascontiguousarray(output.detach().numpy().astype(np.float32)))
            saved.append(path)

    for m in names:
        m.register_forward_hook(hook)
    with torch.no_grad():
        model(x)
    print(f"dump_activations: wrote {len(saved)} files to {args.out}")


if __name__ == "__main__":
    main()
