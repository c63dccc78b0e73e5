"""The national indicator set of a loss report (自然灾害情况统计调查制度, DOMAIN.md "Reporting"):
each :class:`protocol.entities.LossFigures` field with its Chinese name, English label and unit.

The console and the printed reports take their labels from :data:`INDICATORS`; the server uses
:data:`CURRENT` (figures that may fall without a note) and :data:`KEY` (the columns a roll-up
shows first). Units: people 人, rooms 间 (the national count of houses), households 户, hectares
公顷, head of livestock 头只, kilometres, sites/stations/reservoirs 个/座, money 万元 (10,000 CNY).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    field: str
    zh: str
    en: str
    unit_zh: str
    unit_en: str

    def label(self, lang: str = "en") -> str:
        if lang.startswith("zh"):
            return f"{self.zh}（{self.unit_zh}）"
        return f"{self.en} ({self.unit_en})"


def _i(field: str, zh: str, en: str, unit_zh: str, unit_en: str) -> Indicator:
    return Indicator(field, zh, en, unit_zh, unit_en)


_PEOPLE = ("人", "people")
_ROOMS = ("间", "rooms")
_HOUSEHOLDS = ("户", "households")
_HA = ("公顷", "ha")
_KM = ("公里", "km")
_WAN = ("万元", "10k CNY")

INDICATORS: tuple[Indicator, ...] = (
    _i("affected_population", "受灾人口", "Affected population", *_PEOPLE),
    _i("deaths", "因灾死亡人口", "Dead", *_PEOPLE),
    _i("missing", "因灾失踪人口", "Missing", *_PEOPLE),
    _i("injured", "因灾受伤人口", "Injured", *_PEOPLE),
    _i("seriously_injured", "其中重伤", "of whom seriously", *_PEOPLE),
    _i("evacuated", "紧急避险转移人口", "Evacuated (emergency transfer)", *_PEOPLE),
    _i("relocated", "紧急转移安置人口（累计）", "Relocated (cumulative)", *_PEOPLE),
    _i("relocated_current", "紧急转移安置人口（当前）", "Relocated (current)", *_PEOPLE),
    _i("relocated_centralized", "其中集中安置", "of whom in centralized sites", *_PEOPLE),
    _i("relocated_dispersed", "其中分散安置", "of whom dispersed", *_PEOPLE),
    _i("centralized_sites", "集中安置点数量", "Centralized sites", "个", "sites"),
    _i("needing_relief", "需紧急生活救助人口（累计）", "Needing relief (cumulative)", *_PEOPLE),
    _i("needing_relief_current", "需紧急生活救助人口（当前）", "Needing relief (current)",
       *_PEOPLE),
    _i("houses_collapsed", "倒塌房屋", "Houses collapsed", *_ROOMS),
    _i("houses_collapsed_dwellings", "其中倒塌住房", "of which dwellings collapsed", *_ROOMS),
    _i("houses_collapsed_households", "倒塌房屋户数", "Households, collapsed houses",
       *_HOUSEHOLDS),
    _i("houses_severely_damaged", "严重损坏房屋", "Houses severely damaged", *_ROOMS),
    _i("houses_severely_damaged_dwellings", "其中严重损坏住房",
       "of which dwellings severely damaged", *_ROOMS),
    _i("houses_severely_damaged_households", "严重损坏房屋户数",
       "Households, severely damaged houses", *_HOUSEHOLDS),
    _i("houses_damaged", "一般损坏房屋", "Houses damaged", *_ROOMS),
    _i("houses_damaged_dwellings", "其中一般损坏住房", "of which dwellings damaged", *_ROOMS),
    _i("houses_damaged_households", "一般损坏房屋户数", "Households, damaged houses",
       *_HOUSEHOLDS),
    _i("crop_affected_ha", "农作物受灾面积", "Crops affected", *_HA),
    _i("crop_damaged_ha", "其中成灾面积", "of which damaged (≥30 %)", *_HA),
    _i("crop_lost_ha", "其中绝收面积", "of which lost (≥80 %)", *_HA),
    _i("livestock_dead", "因灾死亡牲畜", "Livestock dead", "头只", "head"),
    _i("roads_km", "损坏公路", "Roads damaged", *_KM),
    _i("power_lines_km", "损坏电力线路", "Power lines damaged", *_KM),
    _i("comms_lines_km", "损坏通信线路", "Communication lines damaged", *_KM),
    _i("base_stations", "损坏通信基站", "Base stations damaged", "个", "stations"),
    _i("reservoirs", "损坏水库", "Reservoirs damaged", "座", "reservoirs"),
    _i("dikes_km", "损坏堤防", "Dikes damaged", *_KM),
    _i("direct_loss_10k_cny", "直接经济损失", "Direct economic loss", *_WAN),
    _i("loss_housing_10k_cny", "其中住房及家庭财产", "of which housing and household property",
       *_WAN),
    _i("loss_agriculture_10k_cny", "其中农林牧渔", "of which agriculture, forestry, fishery",
       *_WAN),
    _i("loss_industry_10k_cny", "其中工矿商贸", "of which industry and commerce", *_WAN),
    _i("loss_infrastructure_10k_cny", "其中基础设施", "of which infrastructure", *_WAN),
    _i("loss_public_services_10k_cny", "其中公共服务", "of which public services", *_WAN),
    _i("loss_other_10k_cny", "其中其他", "of which other", *_WAN),
)
"""Every indicator, in the order of the national form."""

BY_FIELD: dict[str, Indicator] = {i.field: i for i in INDICATORS}

CURRENT = frozenset({"relocated_current", "relocated_centralized", "relocated_dispersed",
                     "centralized_sites", "needing_relief_current"})
"""Figures of the present moment (people still in shelters): they fall as people go home, so a
fall needs no note. Every other figure is cumulative and "normally only rises"."""

KEY = ("affected_population", "deaths", "missing", "injured", "evacuated", "relocated",
       "relocated_current", "houses_collapsed", "crop_affected_ha", "direct_loss_10k_cny")
"""The indicators a roll-up table shows as columns."""
