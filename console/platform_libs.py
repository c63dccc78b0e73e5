"""Before Qt starts on X11: are the system libraries its ``xcb`` platform plugin needs present?

Qt's own answer, when one is missing, is an abort ("Could not load the Qt platform plugin
'xcb'") that names neither the library nor the package. So ``watchfloor console`` and
``watchfloor demo`` ask first, without importing Qt: :func:`missing_xcb_libraries` runs ``ldd``
on the plugin (or, without ``ldd``, tries to load each library of :data:`DEBIAN_PACKAGES`), and
:func:`install_hint` turns the missing sonames into the ``apt-get install`` line to run.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

# Soname -> Debian 12 package, for the libraries the xcb plugin of PySide6 6.8+ links (read
# from `ldd libqxcb.so` and `dpkg -S` on a working machine). Base-system libraries (libc,
# libstdc++, zlib, glib) are left out: a machine without them runs no Python either.
DEBIAN_PACKAGES: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def platform_is_xcb(env: Mapping[str, str]) -> bool:
    """True when Qt will pick the xcb plugin: no platform asked for (or xcb), and an X display."""
    wanted = env.get("QT_QPA_PLATFORM", "")
    return bool(env.get("DISPLAY")) and (not wanted or wanted.split(":")[0] == "xcb")


def xcb_plugin() -> Path | None:
    """PySide6's ``libqxcb.so``, found without importing Qt; None when it is not there."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        plugin = Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_from_ldd(output: str) -> list[str]:
    """The sonames ``ldd`` reported as ``not found``, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def missing_xcb_libraries(plugin: Path | None = None) -> list[str]:
    """Sonames the xcb plugin needs that this machine cannot load (empty when all are there)."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is not None and ldd is not None:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30,
                              check=False)
        return missing_from_ldd(done.stdout)
    return [name for name in DEBIAN_PACKAGES if not _loads(name)]


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def install_hint(missing: Iterable[str]) -> str:
    """What to tell a person whose machine lacks these sonames; empty when none is missing."""
    missing = list(missing)
    if not missing:
        return ""
    packages = sorted({DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES})
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    lines = [
        "The console cannot open a window: Qt's X11 (xcb) platform plugin needs system "
        "libraries this machine lacks:",
        "    " + " ".join(missing),
    ]
    if packages:
        lines += ["On Debian or Ubuntu install them with:",
                  "    sudo apt-get install " + " ".join(packages)]
    if unknown:
        lines.append("Find the package of each of " + ", ".join(unknown)
                     + " with your distribution's package search.")
    lines.append("(Or take a screenshot without a display: watchfloor demo --screenshot x.png)")
    return "\n".join(lines)


def xcb_problem(env: Mapping[str, str] | None = None) -> str:
    """The message to print instead of starting Qt, or empty when Qt can start."""
    env = os.environ if env is None else env
    if not platform_is_xcb(env):
        return ""
    return install_hint(missing_xcb_libraries())
