"""Write simulated two-person conversations with ground truth, for scoring the listening pipeline.

    .venv/bin/python benchmarks/make_conversations.py --minutes 5 --seed 1 --out /tmp/convs

For each conversation: NAME_mono.wav (one shared mic), NAME_mics.wav (a mic per partner, with bleed),
NAME.json (who spoke when, overlaps, texts, room) and NAME.rttm. Prints what it made and how long
synthesis and mixing took. Rendered lines are cached on disk (--cache), so a second run is fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from facilitator.errors import FacilitatorError
from facilitator.sim.conversations import generate
from facilitator.sim.mixer import Room, mix
from facilitator.sim.voices import Renderer


def _positive(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text} is not a number from 0 to 600")
    return value


def main(argv: list[str] | None = None) -> int:
    import platformdirs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minutes", type=_positive, default=3.0, help="length of each conversation"
    )
    parser.add_argument(
        "--count", type=int, default=1, help="how many conversations (seeds S, S+1…)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the first conversation")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--snr", type=float, default=35.0, help="background noise SNR in dB")
    parser.add_argument("--reverb", type=float, default=0.0, help="reverb RT60 in seconds (0: dry)")
    parser.add_argument(
        "--bleed", type=float, default=-12.0, help="partner bleed into the other mic, dB"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(platformdirs.user_cache_dir("facilitator")) / "sim",
        help="folder for rendered lines",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    try:
        started = time.perf_counter()
        renderer = Renderer.load(cache_dir=args.cache)
        print(f"voice loaded in {time.perf_counter() - started:.2f} s")
        for seed in range(args.seed, args.seed + args.count):
            t0 = time.perf_counter()
            placements = generate(renderer, args.minutes * 60, seed)
            t1 = time.perf_counter()
            room = Room(snr_db=args.snr, reverb_s=args.reverb, bleed_db=args.bleed, seed=seed)
            result = mix(placements, room)
            t2 = time.perf_counter()
            result.save(args.out, f"conversation_{seed}")
            truth = result.truth
            kinds = {
                k: sum(u.kind == k for u in truth.utterances)
                for k in sorted({u.kind for u in truth.utterances})
            }
            speech = {s: sum(b - a for a, b in truth.speech(s)) for s in truth.speakers}
            print(
                f"conversation_{seed}: {truth.duration:.1f} s audio; "
                + ", ".join(f"{n} {k}" for k, n in kinds.items())
                + f"; {len(truth.overlaps)} overlaps ({sum(o.duration for o in truth.overlaps):.1f} s); "
                + ", ".join(f"{s} speaks {t:.0f} s" for s, t in speech.items())
                + f"; generate {t1 - t0:.2f} s, mix {t2 - t1:.2f} s"
            )
    except (FacilitatorError, ValueError, OSError) as e:
        print(f"make_conversations: {e}", file=sys.stderr)
        return 1
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
