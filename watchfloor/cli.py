"""The ``watchfloor`` command. Subcommands are imported lazily so that ``watchfloor server``
never loads Qt and ``watchfloor console`` never loads the server."""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "server": ("server.cli", "Run the coordination server"),
    "user": ("server.user_cli", "Manage users: add, list, disable"),
    "platform": ("server.platform_cli", "Manage linked child platforms: add, list, remove"),
    "console": ("console.qt.shell.app", "Open the operations console"),
    "sim": ("simulator.cli", "Run field terminals and a scenario against a server"),
    "demo": ("watchfloor.demo", "Start server + simulator + console on a fresh demo database"),
    "export": ("console.export_cli", "Export the picture as GeoJSON or a table as CSV"),
    "cap-import": ("console.cap_import_cli", "Import a CAP 1.2 warning from a file or local URL"),
    "report": ("console.report_cli", "Write a situation or duty handover report (PDF, Markdown)"),
}


def usage() -> str:
    lines = ["usage: watchfloor <command> [options]", "", "commands:"]
    for name, (_mod, text) in SUBCOMMANDS.items():
        lines.append(f"  {name:<9} {text}")
    lines.append("")
    lines.append("watchfloor <command> --help shows a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"watchfloor: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(SUBCOMMANDS[name][0])
    result = module.main(rest)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
