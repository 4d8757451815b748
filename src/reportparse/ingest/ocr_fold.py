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


class _Graph:
    """An ONNX graph's constants and the readers of each value, for pattern matching."""

    def __init__(self, graph: Any) -> None:
        self.consts = _consts(graph)
        self.users: dict[str, list[Any]] = {}
        for n in graph.node:
            for i in n.input:
                self.users.setdefault(i, []).append(n)
        self.outputs = {o.name for o in graph.output}

    def only_user(self, name: str, op: str) -> Any:
        """The one node reading ``name`` when it is an ``op`` (else None)."""
        u = self.users.get(name, [])
        return u[0] if len(u) == 1 and name not in self.outputs and u[0].op_type == op \
            else None

    def affine(self, name: str) -> tuple[Any, Any, float, float] | None:
        """``Mul s → Add t`` by scalar constants applied to ``name`` and read by nothing
        else: (mul, add, s, t)."""
        mul = self.only_user(name, "Mul")
        m = _scalar(self.consts, mul) if mul is not None else None
        add = self.only_user(mul.output[0], "Add") if m is not None else None
        a = _scalar(self.consts, add) if add is not None else None
        if m is None or a is None or m[0] != name or a[0] != mul.output[0]:
            return None
        return mul, add, m[1], a[1]

    def conv_params(self, conv: Any) -> tuple[Any, Any] | None:
        """A convolution's constant weights and bias (zeros when it has none)."""
        import numpy as np

        w = self.consts.get(conv.input[1])
        if w is None:
            return None
        b = self.consts.get(conv.input[2]) if len(conv.input) > 2 else None
        b = np.zeros(w.shape[0], np.float32) if b is None else b
        return w.astype(np.float32), b.astype(np.float32)


def fold(model: Any) -> Any:
    """``model`` (an ``onnx.ModelProto``) with the affine steps and hard-swishes folded,
    in place; returns it."""
    from onnx import numpy_helper

    g = model.graph
    gr = _Graph(g)
    drop: set[int] = set()
    new_inits = []

    def set_params(conv: Any, data: str, w: Any, b: Any, tag: str) -> None:
        wn, bn = conv.output[0] + tag + "w", conv.output[0] + tag + "b"
        new_inits.extend([numpy_helper.from_array(w, wn), numpy_helper.from_array(b, bn)])
        del conv.input[:]
        conv.input.extend([data, wn, bn])

    for conv in [n for n in g.node if n.op_type == "Conv"]:
        params, after = gr.conv_params(conv), gr.affine(conv.output[0])
        if params is None or after is None:
            continue
        (w, b), (mul, add, s, t) = params, after
        set_params(conv, conv.input[0], w * s, b * s + t, "_fold_")
        conv.output[0] = add.output[0]
        drop |= {id(mul), id(add)}
    for mul in [n for n in g.node if n.op_type == "Mul" and id(n) not in drop]:
        m = _scalar(gr.consts, mul)
        data = m[0] if m is not None else ""
        before = gr.affine(data) if data else None
        if before is None or before[0] is not mul:
            continue
        _, add, s, t = before
        conv = gr.only_user(add.output[0], "Conv")
        params = gr.conv_params(conv) if conv is not None and not any(_pads(conv)) else None
        if params is None:
            continue
        w, b = params
        set_params(conv, data, w * s, b + t * w.sum(axis=(1, 2, 3)), "_infold_")
        drop |= {id(mul), id(add)}
    _fold_hardswish(g, gr, drop)
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


def _fold_hardswish(g: Any, gr: _Graph, drop: set[int]) -> None:
    """``Add 3 → Clip 0..6 → Mul x → Div 6`` (x · relu6(x + 3) / 6) into ``x · HardSigmoid``."""
    from onnx import helper

    for add in [n for n in g.node if n.op_type == "Add" and id(n) not in drop]:
        a = _scalar(gr.consts, add)
        clip = gr.only_user(add.output[0], "Clip") if a is not None and a[1] == 3.0 else None
        if a is None or clip is None or len(clip.input) != 3:
            continue
        x = a[0]
        lo, hi = gr.consts.get(clip.input[1]), gr.consts.get(clip.input[2])
        if lo is None or hi is None or float(lo) != 0.0 or float(hi) != 6.0:
            continue
        mul = gr.only_user(clip.output[0], "Mul")
        if mul is None or set(mul.input) != {x, clip.output[0]}:
            continue
        div = gr.only_user(mul.output[0], "Div")
        d = _scalar(gr.consts, div) if div is not None else None
        if d is None or d[1] != 6.0 or d[0] != mul.output[0]:
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
