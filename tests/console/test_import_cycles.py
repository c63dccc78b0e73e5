"""No module of the console imports, directly or through others, a module that imports it."""

from __future__ import annotations

import grimp


def test_console_has_no_import_cycle() -> None:
    graph = grimp.build_graph("console")
    cycles = set()
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.add(" -> ".join((importer, *back)))
    assert not cycles, "\n".join(sorted(cycles))
