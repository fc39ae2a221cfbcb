"""A session: the runner that joins listening, the dialogue engine and the voice, and its live view."""
