"""Reference data: incident types and the emergency-material catalogue.

Values marked uncertain in DOMAIN.md live here as data, not logic, so they can be corrected.
"""

from __future__ import annotations

from typing import NamedTuple


class IncidentType(NamedTuple):
    code: str
    en: str
    zh: str


INCIDENT_TYPES: dict[str, IncidentType] = {
    t.code: t
    for t in [
        IncidentType("11A01", "Flood", "洪水"),
        IncidentType("11A02", "Waterlogging", "内涝"),
        IncidentType("11A03", "Reservoir danger", "水库险情"),
        IncidentType("11A04", "Dike danger", "堤防险情"),
        IncidentType("11A51", "Flash flood", "山洪"),
        IncidentType("11A99", "Other flood/drought", "其他水旱灾害"),
        IncidentType("11B01", "Typhoon", "台风"),
        IncidentType("11B03", "Rainstorm", "暴雨"),
        IncidentType("11B06", "Gale", "大风"),
        IncidentType("11C00", "Earthquake", "地震"),
        IncidentType("11D01", "Landslide", "滑坡"),
        IncidentType("11D02", "Debris flow", "泥石流"),
        IncidentType("11D03", "Rockfall", "崩塌"),
        IncidentType("11D04", "Ground collapse", "地面塌陷"),
        IncidentType("11E02", "Storm surge", "风暴潮"),
        IncidentType("11G00", "Forest/grassland fire", "森林草原火灾"),
        IncidentType("12A00", "Coal mine accident", "煤矿事故"),
        IncidentType("12B00", "Metal/non-metal mine accident", "金属非金属矿山事故"),
        IncidentType("12C00", "Construction accident", "建筑施工事故"),
        IncidentType("12D01", "Hazardous-chemical explosion", "危化品爆炸"),
        IncidentType("12D02", "Hazardous-chemical leak", "危化品泄漏"),
        IncidentType("12D03", "Hazardous-chemical fire", "危化品火灾"),
        IncidentType("12D04", "Poisoning", "中毒窒息"),
        IncidentType("12E01", "Fireworks factory explosion", "烟花爆竹厂爆炸"),
        IncidentType("12F00", "Other industry/trade accident", "工贸行业事故"),
        IncidentType("12G00", "Fire", "火灾"),
        IncidentType("12H00", "Road traffic accident", "道路交通事故"),
        IncidentType("12J00", "Waterway accident", "水上交通事故"),
        IncidentType("12K00", "Rail accident", "铁路事故"),
        IncidentType("12N00", "Special equipment accident", "特种设备事故"),
        IncidentType("12P13", "Building collapse", "房屋倒塌"),
        IncidentType("12Q00", "Environmental pollution", "环境污染"),
    ]
}


def incident_category(code: str) -> str:
    """'natural', 'accident', 'health', 'social' or 'other' from the first two characters."""
    return {"11": "natural", "12": "accident", "13": "health", "14": "social"}.get(
        code[:2], "other"
    )


def is_valid_incident_type(code: str) -> bool:
    """Known codes, or any code of the five-character GB/T 35561 shape."""
    if code in INCIDENT_TYPES:
        return True
    return (
        len(code) == 5
        and code[0] == "1"
        and code[1] in "1234"
        and code[2].isalpha()
        and code[2].isupper()
        and code[3:].isdigit()
    )


class Material(NamedTuple):
    code: str  # GB/T 38565-style 7-digit code [?: codes illustrative]
    en: str
    zh: str
    unit_en: str
    unit_zh: str


MATERIALS: dict[str, Material] = {
    m.code: m
    for m in [
        Material("1010101", "Single tent", "单帐篷", "pcs", "顶"),
        Material("1010102", "Insulated tent", "棉帐篷", "pcs", "顶"),
        Material("1010201", "Folding bed", "折叠床", "pcs", "张"),
        Material("1010301", "Quilt", "棉被", "pcs", "床"),
        Material("1010302", "Towel blanket", "毛巾被", "pcs", "条"),
        Material("1010303", "Sleeping bag", "睡袋", "pcs", "个"),
        Material("1010401", "Padded coat", "棉大衣", "pcs", "件"),
        Material("1010501", "Family emergency kit", "家庭应急包", "sets", "套"),
        Material("1010601", "Floodlight", "照明灯", "pcs", "盏"),
        Material("2010101", "Life jacket", "救生衣", "pcs", "件"),
        Material("2010102", "Life ring", "救生圈", "pcs", "个"),
        Material("2010201", "Assault boat", "冲锋舟", "pcs", "艘"),
        Material("2010202", "Inflatable boat", "橡皮艇", "pcs", "艘"),
        Material("2020101", "Pump", "排涝水泵", "pcs", "台"),
        Material("2020201", "Generator", "发电机", "pcs", "台"),
        Material("2020301", "Lighting tower", "移动照明灯塔", "pcs", "台"),
        Material("2030101", "Satellite phone", "卫星电话", "pcs", "部"),
        Material("3010101", "Woven sandbag", "编织袋", "pcs", "条"),
        Material("3010201", "Geotextile", "土工布", "m2", "平方米"),
    ]
}


class Capability(NamedTuple):
    code: str
    en: str
    zh: str


# What a team can do (Team.capabilities; a support request asks for one of these or for a team
# type). Codes stay on the wire; people read the labels.
CAPABILITIES: dict[str, Capability] = {
    c.code: c
    for c in [
        Capability("fire", "Firefighting", "灭火"),
        Capability("rescue", "General rescue", "综合救援"),
        Capability("water_rescue", "Water rescue", "水域救援"),
        Capability("flood_rescue", "Flood rescue", "抗洪抢险"),
        Capability("flood_pumping", "Flood pumping", "排涝"),
        Capability("dike_repair", "Dike repair", "堤防抢险"),
        Capability("sandbagging", "Sandbagging", "沙袋封堵"),
        Capability("boat", "Boat operations", "舟艇救援"),
        Capability("diving", "Diving", "潜水救援"),
        Capability("collapse_search", "Collapse search and rescue", "倒塌搜救"),
        Capability("geological", "Geological hazard rescue", "地质灾害救援"),
        Capability("mountain_search", "Mountain search", "山地搜救"),
        Capability("high_angle", "Rope and high-angle rescue", "高空绳索救援"),
        Capability("forest_fire", "Forest firefighting", "森林灭火"),
        Capability("hazmat", "Hazardous chemicals", "危化品处置"),
        Capability("gas_detection", "Gas detection", "气体侦检"),
        Capability("leak_sealing", "Leak sealing", "堵漏"),
        Capability("decontamination", "Decontamination", "洗消"),
        Capability("breathing_apparatus", "Breathing apparatus", "空气呼吸器作业"),
        Capability("mine_rescue", "Mine rescue", "矿山救护"),
        Capability("aviation", "Aviation", "航空救援"),
        Capability("air_search", "Air search", "空中搜索"),
        Capability("air_lift", "Air lift", "空中吊运"),
        Capability("medical", "Medical care", "医疗救护"),
        Capability("triage", "Triage", "检伤分类"),
        Capability("surgery", "Field surgery", "野战手术"),
        Capability("evacuation", "Evacuation", "人员转移"),
        Capability("engineering", "Engineering", "工程抢险"),
        Capability("power", "Power restoration", "电力抢修"),
        Capability("comms", "Emergency communications", "应急通信"),
    ]
}


# What fits an incident type: the capabilities and team types a duty officer looks for first
# (a landslide with people trapped wants geological/collapse rescue, not the nearest fire
# station). Longest matching code prefix wins; codes not listed have no preference.
FITTING: dict[str, frozenset[str]] = {
    "11A": frozenset({"flood_rescue", "water_rescue", "boat", "flood_pumping", "dike_repair",
                      "sandbagging", "evacuation", "flood"}),
    "11A02": frozenset({"flood_pumping", "water_rescue", "flood_rescue", "flood"}),
    "11A04": frozenset({"dike_repair", "sandbagging", "flood_rescue", "engineering", "flood"}),
    "11A51": frozenset({"water_rescue", "flood_rescue", "mountain_search", "evacuation",
                        "flood"}),
    "11B": frozenset({"rescue", "evacuation", "power", "comms", "water_rescue"}),
    "11C": frozenset({"collapse_search", "usar_geo", "medical", "triage"}),
    "11D": frozenset({"geological", "collapse_search", "mountain_search", "usar_geo",
                      "engineering"}),
    "11E": frozenset({"water_rescue", "boat", "evacuation", "flood_rescue"}),
    "11G": frozenset({"forest_fire", "aviation", "air_search"}),
    "12A": frozenset({"mine_rescue", "mine", "breathing_apparatus", "gas_detection"}),
    "12B": frozenset({"mine_rescue", "mine", "breathing_apparatus"}),
    "12C": frozenset({"collapse_search", "high_angle", "rescue", "usar_geo"}),
    "12D": frozenset({"hazmat", "gas_detection", "leak_sealing", "decontamination",
                      "breathing_apparatus"}),
    "12E": frozenset({"hazmat", "fire", "collapse_search"}),
    "12G": frozenset({"fire", "rescue", "high_angle", "breathing_apparatus", "fire_rescue"}),
    "12H": frozenset({"rescue", "medical", "triage"}),
    "12J": frozenset({"water_rescue", "diving", "boat"}),
    "12P": frozenset({"collapse_search", "usar_geo", "rescue", "medical"}),
}


def fitting(type_code: str) -> frozenset[str]:
    """The capabilities and team type codes that fit an incident type (empty: no preference)."""
    for n in range(len(type_code), 2, -1):
        found = FITTING.get(type_code[:n])
        if found is not None:
            return found
    return frozenset()
