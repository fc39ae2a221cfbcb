"""What a session leaves behind: its journal, audio, reports, the session index, and forgetting."""
