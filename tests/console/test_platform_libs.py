"""The xcb pre-flight check, without Qt: the message for missing libraries, and the probe."""

from __future__ import annotations

import sys

import pytest

from console.platform_libs import (
    install_hint,
    missing_from_ldd,
    missing_xcb_libraries,
    platform_is_xcb,
    xcb_plugin,
)

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f3f)
\tlibxcb-cursor.so.0 => not found
"""


def test_ldd_output_gives_each_missing_soname_once() -> None:
    assert missing_from_ldd(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]


def test_hint_names_the_debian_packages_to_install() -> None:
    hint = install_hint(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"])
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0" in hint
    assert "libxcb-cursor.so.0 libxcb-icccm.so.4" in hint


def test_hint_names_a_library_it_has_no_package_for() -> None:
    hint = install_hint(["libxcb-cursor.so.0", "libfoo.so.3"])
    assert "apt-get install libxcb-cursor0" in hint
    assert "libfoo.so.3" in hint.splitlines()[-2]


def test_nothing_missing_says_nothing() -> None:
    assert install_hint([]) == ""


@pytest.mark.parametrize(("env", "xcb"), [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, False),
    ({}, False),
])
def test_only_an_x_display_without_another_platform_is_checked(
        env: dict[str, str], xcb: bool) -> None:
    assert platform_is_xcb(env) is xcb


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_this_machine_has_every_library_the_plugin_needs() -> None:
    assert xcb_plugin() is not None
    assert missing_xcb_libraries() == []
