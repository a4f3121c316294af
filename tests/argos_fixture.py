"""A real, tiny Argos Translate package built at test time (no download, no stored weights).

* a SentencePiece model trained on the corpus (vocabulary 400),
* a CTranslate2 Transformer (1 encoder + 1 decoder layer, width 64, 4 heads) with random
  weights, written through ctranslate2's converter spec API,
* zipped in the ``.argosmodel`` layout: ``TOP/metadata.json``, ``TOP/model/``,
  ``TOP/sentencepiece.model``.

The model's output is noise; the tests assert the machinery around it.  Use the fixtures by
importing them into a test module (``from argos_fixture import argos_archive``).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VOCAB_SIZE = 400
_CACHE: dict[str, Path] = {}


def train_sentencepiece(prefix: Path) -> Path:
    """Train a small unigram SentencePiece model on the corpus; return the .model path."""
    import sentencepiece as spm

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in text.splitlines() if line.strip()]),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
        num_threads=1,
        bos_id=-1,
        eos_id=2,
        unk_id=1,
        pad_id=0,
        pad_piece="<blank>",
        unk_piece="<unk>",
        eos_piece="</s>",
    )
    return prefix.with_suffix(".model")


def build_model(
    output_dir: Path,
    vocabulary: list[str],
    width: int = 64,
    heads: int = 4,
    ffn: int = 128,
    seed: int = 7,
    layers: int = 1,
    quantization: str | None = None,
    scaled: bool = False,
) -> Path:
    """Write a random-weight CTranslate2 Transformer over ``vocabulary`` to ``output_dir``.

    ``layers`` encoder and decoder layers; ``quantization`` as ctranslate2's converter takes
    it (the benchmark uses int8 at Argos' real shape); ``scaled`` draws each weight matrix
    with standard deviation 1/sqrt(fan-in), which keeps activations finite in deep models.
    """
    import math

    import numpy as np
    from ctranslate2.converters.converter import Converter
    from ctranslate2.specs import transformer_spec
    from ctranslate2.specs.model_spec import visit_spec

    rng = np.random.default_rng(seed)
    size = len(vocabulary)

    def shape_for(scope: str) -> tuple[int, ...]:
        name = scope.split("/")[-1]
        parent = scope.split("/")[-2] if "/" in scope else ""
        if "embeddings" in parent or "projection" in parent:
            return (size, width) if name == "weight" else (size,)
        if name == "encodings":
            return (1024, width)
        if name in ("gamma", "beta"):
            return (width,)
        if "self_attention" in scope:
            rows = {"linear_0": 3 * width, "linear_1": width}[parent]
        elif "/attention/" in scope:
            rows = {"linear_0": width, "linear_1": 2 * width, "linear_2": width}[parent]
        elif "/ffn/" in scope:
            rows = {"linear_0": ffn, "linear_1": width}[parent]
        else:
            raise AssertionError(f"unexpected variable {scope}")
        cols = ffn if ("/ffn/" in scope and parent == "linear_1") else width
        return (rows, cols) if name == "weight" else (rows,)

    class RandomTransformer(Converter):
        def _load(self):
            spec = transformer_spec.TransformerSpec.from_config(layers, heads)

            def fill(layer, scope, value):
                if value is None:  # a required weight: layer-norm scales 1, the rest N(0, 0.3)
                    shape = shape_for(scope)
                    deviation = 1 / math.sqrt(shape[-1]) if scaled and len(shape) > 1 else 0.3
                    array = np.ones(shape) if scope.endswith("gamma") else rng.normal(0.0, deviation, shape)
                    setattr(layer, scope.split("/")[-1], array.astype(np.float32))

            visit_spec(spec, fill)
            spec.register_source_vocabulary(vocabulary)
            spec.register_target_vocabulary(vocabulary)
            return spec

    RandomTransformer().convert(str(output_dir), quantization=quantization, force=True)
    return output_dir


def build_archive(workdir: Path, to_code: str = "az", version: str = "1.9", top: str | None = None) -> Path:
    """Build ``translate-en_<to_code>-<version>.argosmodel`` in ``workdir``; return its path."""
    import sentencepiece as spm

    top = top or f"translate-en_{to_code}-{version.replace('.', '_')}"
    package = workdir / top
    package.mkdir(parents=True)
    sp_path = train_sentencepiece(workdir / f"sp-{top}")
    (package / "sentencepiece.model").write_bytes(sp_path.read_bytes())
    processor = spm.SentencePieceProcessor(model_file=str(sp_path))
    # OpenNMT-style vocabulary, as in real Argos packages: the special tokens, then the pieces.
    specials = ["<blank>", "<unk>", "<s>", "</s>"]
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary = specials + [p for p in pieces if p not in specials]
    build_model(package / "model", vocabulary)
    (package / "metadata.json").write_text(
        json.dumps(
            {
                "package_version": version,
                "argos_version": "1.9",
                "from_code": "en",
                "from_name": "English",
                "to_code": to_code,
                "to_name": to_code,
                "type": "translate",
            }
        ),
        encoding="utf-8",
    )
    archive = workdir / f"{top}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package.rglob("*")):
            zf.write(path, path.relative_to(workdir).as_posix())
    return archive


@pytest.fixture(scope="session")
def argos_archive(tmp_path_factory) -> Path:
    """Path of a freshly built en→az ``.argosmodel`` (built once per test session)."""
    pytest.importorskip("ctranslate2")
    pytest.importorskip("sentencepiece")
    if "az" not in _CACHE:
        _CACHE["az"] = build_archive(tmp_path_factory.mktemp("argos-build"))
    return _CACHE["az"]
