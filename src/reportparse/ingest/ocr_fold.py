"""The PP-OCR models with their per-layer affine steps folded into the convolutions.

Why: the PP-OCRv4 networks were exported from Paddle with a "learnable affine block" after
most convolutions (``Mul`` by a scalar, ``Add`` a scalar) and hard-swish spelt out as four
elementwise operators (``Add 3``, ``Clip 0..6``, ``Mul``, ``Div 6``). onnxruntime fuses
neither, so every one of them is a pass over a full feature map. Folded:

* ``Conv → Mul s → Add t`` becomes one ``Conv`` with weights ``W·s`` and bias ``b·s + t``;
* ``Mul s → Add t → Conv`` without padding (a 1×1 convolution) becomes that ``Conv`` with
  weights ``W·s`` and bias ``b + t·ΣW`` (with padding the border would differ, so those stay);
* ``x · clip(x + 3, 0, 6) / 6`` becomes ``x · HardSigmoid(x)`` (α = 1/6, β = ½), two passes.

The outputs equal the original's up to float rounding. Folding takes a second or so, so the
folded model is written once to ``$XDG_CACHE_HOME/reportparse`` (else ``~/.cache/reportparse``),
named by the source model's path, size and modification time; where that is not writable the
folded bytes are handed to onnxruntime directly (the engine loads once per process).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

#: bump when the folding changes, so stale cached models are not reused
VERSION = 1


def cache_dir() -> Path:
    """Where folded models are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportparse"


def _consts(graph: Any) -> dict[str, Any]:
    """The value (numpy array) behind each ``Constant`` node's or initializer's output."""
    from onnx import numpy_helper

    out = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            out[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    return out


def _scalar(consts: dict[str, Any], node: Any) -> tuple[str, float] | None:
    """For a two-input ``Mul``/``Add`` with one scalar constant input: (the other input,
    the scalar)."""
    if len(node.input) != 2:
        return None
    for k in (0, 1):
        v = consts.get(node.input[k])
        if v is not None and v.size == 1 and node.input[1 - k] not in consts:
            return node.input[1 - k], float(v.reshape(-1)[0])
    return None


def fold(model: Any) -> Any:
    """``model`` (an ``onnx.ModelProto``) with the affine steps and hard-swishes folded,
    in place; returns it."""
    import numpy as np
    from onnx import helper, numpy_helper

    g = model.graph
    consts = _consts(g)
    users: dict[str, list[Any]] = {}
    for n in g.node:
        for i in n.input:
            users.setdefault(i, []).append(n)
    outputs = {o.name for o in g.output}

    def only_user(name: str) -> Any:
        u = users.get(name, [])
        return u[0] if len(u) == 1 and name not in outputs else None

    drop: set[int] = set()
    new_inits = []
    for conv in g.node:
        if conv.op_type != "Conv" or conv.input[1] not in consts:
            continue
        mul = only_user(conv.output[0])
        m = _scalar(consts, mul) if mul is not None and mul.op_type == "Mul" else None
        add = only_user(mul.output[0]) if m else None
        a = _scalar(consts, add) if add is not None and add.op_type == "Add" else None
        if m is None or a is None or a[0] != mul.output[0]:
            continue
        s, t = m[1], a[1]
        w = consts[conv.input[1]].astype(np.float32) * s
        b = consts[conv.input[2]] if len(conv.input) > 2 else np.zeros(w.shape[0], np.float32)
        b = (b.astype(np.float32) * s + t).astype(np.float32)
        wn, bn = conv.output[0] + "_fw", conv.output[0] + "_fb"
        new_inits += [numpy_helper.from_array(w, wn), numpy_helper.from_array(b, bn)]
        data = conv.input[0]
        del conv.input[:]
        conv.input.extend([data, wn, bn])
        conv.output[0] = add.output[0]
        drop |= {id(mul), id(add)}
    for mul in g.node:
        m = _scalar(consts, mul) if mul.op_type == "Mul" and id(mul) not in drop else None
        add = only_user(mul.output[0]) if m else None
        a = _scalar(consts, add) if add is not None and add.op_type == "Add" else None
        conv = only_user(add.output[0]) if a else None
        if m is None or a is None or conv is None or conv.op_type != "Conv" or \
                conv.input[1] not in consts or any(_pads(conv)) or id(conv) in drop:
            continue
        s, t = m[1], a[1]
        w0 = consts[conv.input[1]].astype(np.float32)
        b = consts[conv.input[2]] if len(conv.input) > 2 else np.zeros(w0.shape[0], np.float32)
        b = (b.astype(np.float32) + t * w0.sum(axis=(1, 2, 3))).astype(np.float32)
        wn, bn = conv.output[0] + "_iw", conv.output[0] + "_ib"
        new_inits += [numpy_helper.from_array(w0 * s, wn), numpy_helper.from_array(b, bn)]
        del conv.input[:]
        conv.input.extend([m[0], wn, bn])
        drop |= {id(mul), id(add)}
    _fold_hardswish(g, consts, users, only_user, drop, helper)
    keep = [n for n in g.node if id(n) not in drop]
    del g.node[:]
    g.node.extend(keep)
    g.initializer.extend(new_inits)
    _prune_constants(g)
    return model


def _pads(conv: Any) -> list[int]:
    """A convolution's padding (an input-side affine folds exactly only without it)."""
    from onnx import helper

    for a in conv.attribute:
        if a.name == "pads":
            return list(helper.get_attribute_value(a))
        if a.name == "auto_pad" and helper.get_attribute_value(a) not in (b"NOTSET", b"VALID"):
            return [1]
    return []


def _fold_hardswish(g: Any, consts: dict[str, Any], users: dict[str, list[Any]],
                    only_user: Any, drop: set[int], helper: Any) -> None:
    """``Add 3 → Clip 0..6 → Mul x → Div 6`` (x · relu6(x + 3) / 6) into ``x · HardSigmoid``."""
    for add in list(g.node):
        a = _scalar(consts, add) if add.op_type == "Add" else None
        if a is None or a[1] != 3.0:
            continue
        x = a[0]
        clip = only_user(add.output[0])
        if clip is None or clip.op_type != "Clip" or len(clip.input) != 3:
            continue
        lo, hi = consts.get(clip.input[1]), consts.get(clip.input[2])
        if lo is None or hi is None or float(lo) != 0.0 or float(hi) != 6.0:
            continue
        mul = only_user(clip.output[0])
        if mul is None or mul.op_type != "Mul" or set(mul.input) != {x, clip.output[0]}:
            continue
        div = only_user(mul.output[0])
        d = _scalar(consts, div) if div is not None and div.op_type == "Div" else None
        if d is None or d[1] != 6.0 or div.input[0] != mul.output[0]:
            continue
        hs = helper.make_node("HardSigmoid", [x], [add.output[0] + "_hs"], alpha=1 / 6,
                              beta=0.5)
        prod = helper.make_node("Mul", [x, hs.output[0]], [div.output[0]])
        idx = next(i for i, n in enumerate(g.node) if n is add)
        g.node.insert(idx, prod)
        g.node.insert(idx, hs)
        drop |= {id(add), id(clip), id(mul), id(div)}


def _prune_constants(g: Any) -> None:
    """Drop ``Constant`` nodes whose output nothing reads any more."""
    used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
    keep = [n for n in g.node if n.op_type != "Constant" or n.output[0] in used]
    del g.node[:]
    g.node.extend(keep)


def _folded_bytes(path: Path) -> bytes:
    import onnx

    return bytes(fold(onnx.load(str(path))).SerializeToString())


def _cache_name(path: Path) -> str:
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{VERSION}".encode()
    return f"{path.stem}.folded-{hashlib.sha256(key).hexdigest()[:16]}.onnx"


def folded_model(path: Path) -> str | bytes:
    """The folded model for the ONNX file ``path``: a cached file's path, or (cache not
    writable) the folded bytes, either of which onnxruntime's ``InferenceSession`` takes."""
    target = cache_dir() / _cache_name(path)
    if target.is_file():
        return str(target)
    data = _folded_bytes(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: a concurrent worker reads a whole file or none
    except OSError:
        return data
    return str(target)
