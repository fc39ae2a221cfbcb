"""Figures 1-5 from probed sessions: each as a printed table, its JSON, and its summary lines.

Every figure is computed the same way for the facilitator's sessions and the baseline's, over the
same scenarios, so their ratio compares like with like.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench_common import (
    STATS_HEADERS,
    Figure,
    Stats,
    fmt,
    ratio_row,
    stats_row,
    table,
)
from bench_session import SHORT, Decision, SessionRecord, speech_end

from facilitator.dialogue.events import SpeechStarted, Utterance


@dataclass
class Result:
    """One benchmark's printout, its data for the JSON file, and its lines for the summary."""

    name: str
    text: str
    data: dict[str, Any]
    figures: list[Figure]


def _answer(d: Decision) -> bool:
    """An utterance heard as a short answer: what the engine does next depends on its words."""
    return isinstance(d.event, Utterance) and d.mode == SHORT


def _by_pipeline(records: Sequence[SessionRecord]) -> dict[str, list[SessionRecord]]:
    out: dict[str, list[SessionRecord]] = {}
    for r in records:
        out.setdefault(r.pipeline, []).append(r)
    return out


def _decisions(records: Sequence[SessionRecord], keep: Callable[[Decision], bool]):
    return [(r, d) for r in records for d in r.decisions if keep(d)]


# ---- 1. prompt start after a transition that needs no words --------------------------------------


def prompt_start(records: Sequence[SessionRecord]) -> Result:
    groups = _by_pipeline(records)
    rows, data = [], {}
    for name, recs in groups.items():
        said = [d for _, d in _decisions(recs, lambda d: bool(d.says) and not _answer(d))]
        now = [d for d in said if d.at_once]
        held = [d.play_t - d.t for d in said if d.play_t is not None and not d.at_once]
        spent = {
            "all": [d.to_first_sample for d in now],
            "rendered ahead": [d.to_first_sample for d in now if not d.synthesized],
            "synthesized when needed": [d.to_first_sample for d in now if d.synthesized],
        }
        stats = {k: Stats.of(v) for k, v in spent.items()}
        missed = Counter(p for d in now if d.synthesized for p in d.says)
        data[name] = {
            "wall_s": spent,
            "stats": stats,
            "held_back_session_s": held,
            "synthesized_prompts": dict(missed),
        }
        for k, s in stats.items():
            rows.append(stats_row(f"{name}: {k}", "wall", s, "ms", 1000))
        rows.append(
            stats_row(
                f"{name}: held back (someone speaking)", "session", Stats.of(held), "ms", 1000
            )
        )
    ours, base = (data.get(k, {}).get("stats", {}).get("all") for k in ("facilitator", "baseline"))
    rows.append(ratio_row(ours, base))
    missed_ids = Counter(data.get("facilitator", {}).get("synthesized_prompts", {}))
    text = (
        "## 1. Prompt start after a transition that needs no words\n"
        "From the end of the engine's decision (engine.handle returned a Say) to the prompt's first\n"
        "sample handed to the output, for every prompt not triggered by a short answer; prompts\n"
        "held back because someone was speaking are listed apart (that wait is by design).\n"
        "Baseline: the same sessions with each prompt synthesized when it is to be said.\n\n"
        + table(STATS_HEADERS, rows)
        + "\n\nPrompts the facilitator had not rendered ahead: "
        + (", ".join(f"{p} ×{n}" for p, n in missed_ids.most_common()) or "none")
    )
    figures = [
        Figure(
            1,
            "prompt start after a no-words transition, p95",
            "ms",
            "wall",
            _ms(ours, "p95"),
            _ms(base, "p95"),
            "synthesis on demand",
            50.0,
            "p95 ≤ 50 ms",
        ),
    ]
    return Result("prompt_start", text, data, figures)


def _ms(stats: Stats | None, stat: str) -> float | None:
    return None if stats is None else stats.get(stat) * 1000


def _get(stats: Stats | None, stat: str) -> float | None:
    return None if stats is None else stats.get(stat)


# ---- 2. end of speech → prompt when the next step depends on the words ---------------------------


def short_answers(records: Sequence[SessionRecord]) -> Result:
    rows, data = [], {}
    for name, recs in _by_pipeline(records).items():
        waits, work, total, held, unmatched = [], [], [], 0, 0
        for r, d in _decisions(recs, lambda d: _answer(d) and bool(d.says)):
            u = d.event
            assert isinstance(u, Utterance)
            end = speech_end(r, u.speaker, u.end)
            if end is None:
                unmatched += 1
                continue
            if not d.at_once:
                held += 1
                continue
            wait = d.t - end
            spent = d.backlog + d.play_wall - d.wall_start
            waits.append(wait)
            work.append(spent)
            total.append(wait + spent)
        stats = {"wait": Stats.of(waits), "processing": Stats.of(work), "total": Stats.of(total)}
        data[name] = {
            "wait_session_s": waits,
            "processing_wall_s": work,
            "stats": stats,
            "held_back": held,
            "no_ground_truth": unmatched,
        }
        rows += [
            stats_row(f"{name}: end-of-turn wait", "session", stats["wait"], "s"),
            stats_row(f"{name}: processing after it", "wall", stats["processing"], "s"),
            stats_row(f"{name}: end of speech → prompt", "both", stats["total"], "s"),
        ]
    pick = {k: data.get(k, {}).get("stats", {}) for k in ("facilitator", "baseline")}
    for part in ("wait", "processing", "total"):
        rows.append(
            ratio_row(pick["facilitator"].get(part), pick["baseline"].get(part), f"ratio, {part}")
        )
    text = (
        "## 2. End of speech → prompt start when the next step depends on the words\n"
        "Utterances heard in short-answer mode that made the engine say something. Wait: from the\n"
        "true end of speech (ground truth) to the end of turn (session time). Processing: the\n"
        "transcription still to do at that moment (simulated worker) plus the main thread from the\n"
        "utterance to the prompt's first sample (wall time).\n"
        "Baseline: one fixed end-of-turn silence for every turn (turns.end_of_turn_s), the whole\n"
        "turn transcribed after it ends in a 30-s window, the prompt synthesized on demand.\n\n"
        + table(STATS_HEADERS, rows)
    )
    ours, base = pick["facilitator"], pick["baseline"]
    figures = [
        Figure(
            2,
            "short answer: end-of-turn wait, median",
            "s",
            "session",
            _get(ours.get("wait"), "median"),
            _get(base.get("wait"), "median"),
            "fixed long end of turn",
            0.7,
            "≤ 0.7 s",
        ),
        Figure(
            2,
            "short answer: processing after the wait, p95",
            "s",
            "wall",
            _get(ours.get("processing"), "p95"),
            _get(base.get("processing"), "p95"),
            "whole-turn transcription + synthesis",
            0.25,
            "p95 ≤ 0.25 s",
        ),
    ]
    return Result("short_answers", text, data, figures)


# ---- 3. end of a long Sender piece → final transcript --------------------------------------------

BINS = ((10, 6.0, 15.0), (20, 15.0, 30.0), (40, 30.0, 60.0))
"""(label s, shortest, longest): a Sender turn's speech span sorted into 10, 20 and 40-s pieces."""


def long_pieces(records: Sequence[SessionRecord]) -> Result:
    rows, data = [], {}
    for name, recs in _by_pipeline(records).items():
        data[name] = {}
        for label, lo, hi in BINS:
            after, from_speech = [], []
            for r, d in _decisions(recs, lambda d: isinstance(d.event, Utterance)):
                u = d.event
                assert isinstance(u, Utterance)
                if d.mode == SHORT or u.speaker != r.sender(u.start):
                    continue
                if not lo <= u.end - u.start < hi:
                    continue
                after.append(d.backlog)
                end = speech_end(r, u.speaker, u.end)
                if end is not None:
                    from_speech.append(d.t - end + d.backlog)
            stats = {
                "after_end_of_turn": Stats.of(after),
                "from_end_of_speech": Stats.of(from_speech),
            }
            data[name][f"{label}s"] = {
                "after_end_of_turn_s": after,
                "from_end_of_speech_s": from_speech,
                "stats": stats,
            }
            rows.append(
                stats_row(
                    f"{name}: {label}-s piece, after end of turn",
                    "wall",
                    stats["after_end_of_turn"],
                    "s",
                )
            )
            rows.append(
                stats_row(
                    f"{name}: {label}-s piece, from end of speech",
                    "both",
                    stats["from_end_of_speech"],
                    "s",
                )
            )
    for label, _, _ in BINS:
        ours, base = (
            data.get(k, {}).get(f"{label}s", {}).get("stats", {}).get("after_end_of_turn")
            for k in ("facilitator", "baseline")
        )
        rows.append(ratio_row(ours, base, f"ratio, {label}-s piece after end of turn"))
    text = (
        "## 3. End of a long Sender piece → final transcript\n"
        "Sender turns heard in message mode, by length of speech (10: 6-15 s, 20: 15-30 s,\n"
        "40: 30-60 s). After end of turn: transcription still to do when the end-of-turn silence\n"
        "ran out (simulated worker, wall time). From end of speech: that plus the end-of-turn wait.\n"
        "Baseline: the whole utterance transcribed after it ends (30-s window, pieces of at most\n"
        "28 s).\n\n" + table(STATS_HEADERS, rows)
    )
    twenty = [
        data.get(k, {}).get("20s", {}).get("stats", {}).get("after_end_of_turn")
        for k in ("facilitator", "baseline")
    ]
    figures = [
        Figure(
            3,
            "20-s piece: end of turn → final transcript, median",
            "s",
            "wall",
            _get(twenty[0], "median"),
            _get(twenty[1], "median"),
            "whole utterance after it ends",
            0.45,
            "p50 ≤ 0.45 s",
        ),
    ]
    return Result("long_pieces", text, data, figures)


# ---- 4. interruption detection delay -------------------------------------------------------------

MATCH_S = 1.0
"""A flag counts for an interruption when it comes at most this long after its speech ends."""


def interruptions(records: Sequence[SessionRecord], min_s: float) -> Result:
    ours = [r for r in records if r.pipeline == "facilitator"]
    onset, stretch, missed, matched = [], [], 0, set()
    for r in ours:
        for truth in (t for t in r.truth if t.kind == "interruption"):
            start, end = truth.voiced[0][0], truth.voiced[-1][1]
            hit = next(
                (
                    i
                    for i, (t, who) in enumerate(r.flags)
                    if who == truth.who
                    and start - 0.1 <= t <= end + MATCH_S
                    and (id(r), i) not in matched
                ),
                None,
            )
            if hit is None:
                missed += 1
                continue
            matched.add((id(r), hit))
            flagged = r.flags[hit][0]
            onset.append(flagged - start)
            began = [
                e.t
                for _, e in r.speech
                if isinstance(e, SpeechStarted) and e.speaker == truth.who and e.t <= flagged
            ]
            if began:
                stretch.append(flagged - began[-1])
    false_flags = sum(len(r.flags) for r in ours) - len(matched)
    stats = {"from_true_onset": Stats.of(onset), "from_flagged_stretch": Stats.of(stretch)}
    rows = [
        stats_row("facilitator: true onset → flag", "session", stats["from_true_onset"], "s"),
        stats_row(
            "facilitator: start of the stretch that was flagged → flag",
            "session",
            stats["from_flagged_stretch"],
            "s",
        ),
        ["baseline: the floor, interruptions.min_s", "session", "", fmt(min_s, "s"), "", ""],
        ratio_row(
            stats["from_true_onset"],
            Stats(1, min_s, min_s, min_s),
            "ratio, true onset → flag / min_s",
        ),
    ]
    text = (
        "## 4. Interruption detection delay\n"
        "From the true onset of the Receiver's interrupting speech (first voiced sample, ground\n"
        "truth) to the moment the engine counted the interruption (session time). No detector can\n"
        f"flag before min_s = {min_s:g} s of overlap: that floor is the baseline.\n"
        f"Interruptions placed: {len(onset) + missed}, flagged: {len(onset)}, missed: {missed}; "
        f"flags with no interruption placed (e.g. a backchannel taken for one): {false_flags}.\n\n"
        + table(STATS_HEADERS, rows)
    )
    data = {
        "from_true_onset_s": onset,
        "from_flagged_stretch_s": stretch,
        "stats": stats,
        "missed": missed,
        "false_flags": false_flags,
        "min_s": min_s,
    }
    figures = [
        Figure(
            4,
            "interruption: true onset → flag, p95",
            "s",
            "session",
            _get(stats["from_true_onset"], "p95"),
            min_s,
            "the floor, min_s",
            min_s + 0.15,
            f"p95 ≤ min_s + 0.15 = {min_s + 0.15:g} s",
        ),
    ]
    return Result("interruptions", text, data, figures)


# ---- 5. premature end of turn --------------------------------------------------------------------


def premature_ends(records: Sequence[SessionRecord], fixed_s: float) -> Result:
    pauses = [p for r in records if r.pipeline == "facilitator" for p in r.pauses]
    rows, data = [], {}
    for label, chosen in (
        ("all", pauses),
        *((f"in {m} mode", [p for p in pauses if p.mode == m]) for m in ("long", "short")),
    ):
        ours = sum(p.ended_by_segmenter for p in chosen)
        fixed = sum(p.ended_by_fixed for p in chosen)
        n = len(chosen)
        rows.append([label, n, _share(ours, n), _share(fixed, n)])
        data[label] = {"pauses": n, "ended_by_segmenter": ours, "ended_by_fixed_rule": fixed}
    data["pauses"] = [p.__dict__ for p in pauses]
    text = (
        "## 5. Premature end of turn at the Sender's thinking pauses\n"
        "Thinking pauses of 0.5-1.5 s inside Sender lines (ground truth), in the facilitator's\n"
        "sessions. Segmenter: the session's own adaptive end of turn ended the turn in the pause.\n"
        f"Baseline: a fixed {fixed_s:g}-s silence rule applied to the same session's stretches of\n"
        "speech (same VAD). Mode: what the Sender's segmenter expected at the pause.\n\n"
        + table(("pauses", "n", "segmenter ended the turn", f"fixed {fixed_s:g} s rule"), rows)
    )
    total = data["all"]
    n = total["pauses"]
    figures = [
        Figure(
            5,
            "thinking pauses taken for the end of the turn",
            "%",
            "session",
            100 * total["ended_by_segmenter"] / n if n else None,
            100 * total["ended_by_fixed_rule"] / n if n else None,
            f"fixed {fixed_s:g} s silence rule",
            5.0,
            "≤ 5 %",
        ),
    ]
    return Result("premature_ends", text, data, figures)


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f} %)" if whole else "-"
