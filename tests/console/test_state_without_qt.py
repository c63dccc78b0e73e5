"""The console's plain logic (``console.state``) imports and works with PySide6 unavailable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
for name in ("PySide6", "pyqtgraph", "qasync"):
    sys.modules[name] = None  # any import of them now raises ImportError

from datetime import UTC, datetime

from console.state import detail_html, detail_summary, guards, operations, tables, text
from protocol.entities import Incident, Principal
from protocol.enums import IncidentStatus, Role
from protocol.messages import Snapshot
from protocol.replica import Replica

yj = Principal(id="yj", role=Role.COUNTY, jurisdiction="330324")
inc = Incident(id="i", number="ZJ-1", type_code="11D01", title="slide", jurisdiction="330324",
               lon=120.7, lat=28.3, reported_at=datetime(2026, 11, 28, tzinfo=UTC),
               status=IncidentStatus.CLOSED)
assert guards.incident_open(yj, None) == "Select an incident first."
assert guards.incident_open(yj, inc), "a closed incident is final"
assert operations.op_name("incident.create") == "Create incident"
replica = Replica()
replica.apply_snapshot(Snapshot(seq=1, entities=[inc]))

class Picture:
    principal = yj
    def __init__(self, replica):
        self.replica = replica

table = tables.incident_table(Picture(replica))
assert table.kind == "incident"
assert [c.text(inc) for c in table.columns][1] == "ZJ-1"
assert "slide" in detail_html.render(replica, "incident", "i")
assert detail_summary.summary(replica)
assert text.cst(None) == ""
assert not [m for m in sys.modules if m.startswith(("PySide6", "pyqtgraph", "qasync"))
            and sys.modules[m] is not None]
print("ok")
"""


def test_console_state_runs_with_qt_blocked() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
