"""Sound in and out: frames and their sources (microphone, file, array), resampling, devices, WAV files."""
