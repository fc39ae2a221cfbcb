"""The ears: voice activity, who is speaking, turns and pauses, and transcripts, from frames to events."""
