"""Enumerations that carry a wire code plus English and Chinese labels."""

from __future__ import annotations

import enum


class LabeledEnum(str, enum.Enum):
    """A string enum whose value is the wire code; members carry ``en`` and ``zh`` labels.

    Declare members as ``NAME = ("code", "English", "中文")``.
    """

    en: str
    zh: str

    def __new__(cls, code: str, en: str = "", zh: str = "") -> LabeledEnum:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.en = en or code
        obj.zh = zh or obj.en
        return obj

    def __str__(self) -> str:
        return str(self.value)

    def label(self, lang: str = "en") -> str:
        return self.zh if lang.startswith("zh") else self.en
