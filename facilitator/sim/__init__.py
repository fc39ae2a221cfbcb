"""A simulated couple: partner voices, a room that mixes them, and the ground truth of who spoke when.

`voices` renders lines in voices made from the bundled piper voice, `mixer` places clips on a timeline
and renders a shared mic and a mic per partner, `truth` measures what really happened, and
`conversations` invents seeded conversations with the timing of real ones. Tests, benchmarks and the
simulated room are built on these; nothing here is used in a live session.
"""
