"""One module per subcommand. Each has `HELP`, `add_arguments(parser)` and `run(args, config) -> int`."""

NAMES = (
    "demo",
    "session",
    "resume",
    "say",
    "check",
    "devices",
    "config",
    "analyze",
    "sessions",
    "report",
    "progress",
    "forget",
)
