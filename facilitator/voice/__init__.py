"""The facilitator's voice: piper synthesis, the prompt cache and the chime."""
