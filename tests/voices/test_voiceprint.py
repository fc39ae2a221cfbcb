"""The torch-free voiceprint models compute what the original torch models compute.

The references were computed once with the original models and front ends (torch, librosa, senko's
C++ filterbank) by tools/voiceprint_convert.py, on a real speech clip stored beside them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from facilitator.errors import ModelError
from facilitator.listening.diarize_segmentation import Segmenter
from facilitator.listening.voiceprint import ASSETS, CamppEncoder, LstmEncoder
from facilitator.listening.voiceprint_features import kaldi_fbank


@pytest.fixture(scope="module")
def reference() -> dict[str, np.ndarray]:
    with np.load(ASSETS / "reference.npz") as data:
        return {k: data[k] for k in data.files}


def test_kaldi_filterbank_matches_the_original_front_end(reference) -> None:
    ours = kaldi_fbank(reference["clip"])
    assert ours.shape == reference["campp_fbank"].shape
    assert np.abs(ours - reference["campp_fbank"]).max() < 1e-3


def test_campp_onnx_matches_the_torch_model(reference, encoder) -> None:
    ours = encoder.embed(reference["clip"][None])[0]
    assert float(ours @ reference["campp"]) > 0.9999


def test_lstm_numpy_forward_matches_the_torch_model(reference) -> None:
    ours = LstmEncoder().embed(reference["clip"][None])[0]
    assert np.abs(ours - reference["lstm"]).max() < 1e-4


def test_segmentation_onnx_matches_the_torch_model(reference) -> None:
    import onnxruntime as ort

    session = ort.InferenceSession(str(ASSETS / "segmentation.onnx"))
    logits = session.run(None, {"waveform": reference["clip"][None, None]})[0][0]
    assert np.abs(logits - reference["segmentation"]).max() < 1e-3


def test_voiceprints_are_unit_vectors_closer_within_a_voice_than_across(
    enrollments, encoder
) -> None:
    halves = {
        who: encoder.embed(np.stack([a[: len(a) // 2][:24000], a[len(a) // 2 :][:24000]]))
        for who, a in enrollments.items()
    }
    for vectors in halves.values():
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    same = min(float(v[0] @ v[1]) for v in halves.values())
    across = float(halves["A"][0] @ halves["B"][0])
    assert same > across + 0.2


def test_a_missing_or_broken_model_is_a_model_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"broken\.onnx"):
        CamppEncoder(broken)
    with pytest.raises(ModelError, match=r"missing\.onnx"):
        Segmenter(tmp_path / "missing.onnx")
    with pytest.raises(ModelError, match=r"missing\.npz"):
        LstmEncoder(tmp_path / "missing.npz")
