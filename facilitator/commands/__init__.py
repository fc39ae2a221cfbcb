"""One module per subcommand. Each has `HELP`, `add_arguments(parser)` and `run(args, config) -> int`."""

NAMES = ("say", "check", "devices", "config")
