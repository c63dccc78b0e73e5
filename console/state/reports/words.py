"""The words of a report in its language, chosen without Qt and without global state: the
console's catalogue (``resources/translations``, context ``Reports``) read straight from the
Qt Linguist source, enum labels from the protocol, place names from the picture, times in
China Standard Time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from protocol.adcodes import level_of
from protocol.catalog import INCIDENT_TYPES, MATERIALS
from protocol.entities import Jurisdiction
from protocol.labels import LabeledEnum
from protocol.replica import Replica

from ..colours import NUMERAL
from ..ts_translations import ts_translator

CST = timezone(timedelta(hours=8), "CST")
CONTEXT = "Reports"


class Words:
    """``w("Source text")`` is that text in the report's language."""

    def __init__(self, lang: str) -> None:
        self.lang = "zh" if lang.startswith("zh") else "en"
        self._tr = ts_translator(self.lang)

    def __call__(self, source: str) -> str:
        return source if self._tr is None else self._tr(CONTEXT, source)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def label(self, value: LabeledEnum | str | None, enum: type[LabeledEnum] | None = None
              ) -> str:
        if value is None:
            return ""
        if not isinstance(value, LabeledEnum):
            if enum is None:
                return str(value)
            try:
                value = enum(value)
            except ValueError:
                return str(value)
        return value.label(self.lang)

    def grade(self, code: str | None) -> str:
        if not code:
            return self("Not graded")
        return f"{NUMERAL.get(code, code)}级" if self.zh else f"Grade {NUMERAL.get(code, code)}"

    def place(self, replica: Replica, adcode: str) -> str:
        j = replica.get_typed(Jurisdiction, adcode)
        if j is None:
            return adcode
        return j.name if self.zh or not j.name_en else j.name_en

    def issuer(self, replica: Replica, adcode: str) -> str:
        """The jurisdiction's emergency management authority: 浙江省应急管理厅, 温州市应急管理局."""
        name = self.place(replica, adcode)
        if level_of(adcode) == "province":
            return self("{place} Department of Emergency Management").format(place=name)
        return self("{place} Emergency Management Bureau").format(place=name)

    def incident_type(self, code: str) -> str:
        t = INCIDENT_TYPES.get(code)
        return code if t is None else t.zh if self.zh else t.en

    def material(self, code: str) -> str:
        m = MATERIALS.get(code)
        if m is None:
            return code
        return f"{m.zh}（{m.unit_zh}）" if self.zh else f"{m.en} ({m.unit_en})"

    def when(self, ts: datetime | None, date: bool = True) -> str:
        if ts is None or ts.year <= 1970:
            return ""
        local = ts.astimezone(CST)
        if not date:
            return local.strftime("%H:%M")
        return local.strftime("%m-%d %H:%M")

    def moment(self, ts: datetime) -> str:
        """A moment in full: 2026年9月1日16时00分 / 1 September 2026, 16:00 CST."""
        local = ts.astimezone(CST)
        if self.zh:
            return (f"{local.year}年{local.month}月{local.day}日"
                    f"{local.hour:02d}时{local.minute:02d}分")
        return f"{local.day} {local.strftime('%B')} {local.year}, {local.strftime('%H:%M')} CST"

    def number(self, value: float) -> str:
        if float(value).is_integer():
            return f"{int(value):,}" if not self.zh else str(int(value))
        return f"{value:,.1f}" if not self.zh else f"{value:.1f}"

    def indicator(self, name: str) -> str:
        labels = {
            "affected_population": self("Affected population (people)"),
            "deaths": self("Deaths (people)"),
            "missing": self("Missing (people)"),
            "injured": self("Injured (people)"),
            "relocated": self("Relocated in emergency (people)"),
            "needing_relief": self("Needing emergency relief (people)"),
            "houses_collapsed": self("Houses collapsed (rooms)"),
            "houses_severely_damaged": self("Houses severely damaged (rooms)"),
            "houses_damaged": self("Houses damaged (rooms)"),
            "crop_affected_ha": self("Crops affected (ha)"),
            "crop_damaged_ha": self("Crops damaged (ha)"),
            "crop_lost_ha": self("Crops lost (ha)"),
            "direct_loss_10k_cny": self("Direct economic loss (10k CNY)"),
        }
        return labels.get(name, name)
