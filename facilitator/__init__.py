"""facilitator: a local, hands-free voice guide for the Imago Dialogue."""

__version__ = "0.1.0"
