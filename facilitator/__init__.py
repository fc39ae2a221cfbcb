"""facilitator: a local, hands-free voice guide for the Imago Dialogue."""

from facilitator.offline import stay_offline

stay_offline()

__version__ = "0.1.0"
