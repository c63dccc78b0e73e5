"""Guard against the PySide6 regression that made us pin the Qt version.

PySide6-Essentials 6.12.0 under Python 3.11 aborts the process after a few hundred
``Signal.emit()`` calls; pyproject.toml pins <6.12 there. This test emits 200,000 signals in a
child process (an abort must not take pytest down with it) and asserts it exits cleanly.
"""

from __future__ import annotations

import os
import subprocess
import sys

EMITS = 200_000
SCRIPT = f"""
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    fired = Signal(object)

app = QCoreApplication([])
source = Source()
seen = []
source.fired.connect(lambda value: seen.append(value))
for n in range({EMITS}):
    source.fired.emit(n)
print(len(seen), sum(seen))
"""


def test_two_hundred_thousand_emits_exit_cleanly() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.split() == [str(EMITS), str(EMITS * (EMITS - 1) // 2)]
