"""Exercise: fictional Typhoon "Haiyan-D" lands near Cangnan / Ruian (Wenzhou).

72 scenario hours, from the first maritime response to the end of the response. Every step is
a command one of the demo duty desks sends (users in ``resources/demo/users.json``); every
incident, response, order, warning, request and loss report is flagged as exercise.

Disaster statistics: the province opens the disaster process at hour 24.5 (the orange
warning; people are being transferred) for the eight counties with desks, on a reporting clock
that runs at scenario time (scenario hour 40 is 02:40 on 11 September, landfall). Counties file
their initial reports within the 2 hours, their daily follow-ups before 09:00 (figures as of
24:00); Pingyang has no new losses and files zero reports; Taishun files nothing until hour
57, long after its initial report was due, so it shows as not reported and overdue until then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from protocol.reporting import CST
from resources.demo import load

from ..scenario import Cmd, Dispatch, Key, Later, Ref, Speed, Step, Unit

NAME = "Haiyan-D"
COASTAL = ["330200", "330300", "330900", "331000"]  # Ningbo, Wenzhou, Zhoushan, Taizhou
WARNED = ["330300", "331000", "330200", "330900", "331100"]
MOUNTAIN = ["330324", "330328", "330329"]  # Yongjia, Wencheng, Taishun
SHELTER_DESKS = {"330324": "yongjia", "330328": "wencheng", "330329": "taishun",
                 "330381": "ruian", "330327": "cangnan", "330326": "pingyang"}
HOUR_ZERO = datetime(2026, 9, 9, 10, 40, tzinfo=CST)  # scenario hour 40: landfall at 02:40
PROCESS_AT_H = 24.5
COUNTY_DESKS = {"330324": "yongjia", "330381": "ruian", "330327": "cangnan",
                "330328": "wencheng", "330326": "pingyang", "330329": "taishun",
                "331081": "wenling", "331082": "linhai"}
LATE = "330329"  # Taishun
ZERO = "330326"  # Pingyang
OCCUPANCY = [(27.0, 0.25), (31.0, 0.55), (35.0, 0.8), (39.0, 0.95), (58.0, 0.6), (64.0, 0.2),
             (67.0, 0.0)]


def _exercise(args: dict[str, Any]) -> dict[str, Any]:
    return {**args, "exercise": True}


def _warning(hazard: str, colour: str, area: list[str], headline: str, text: str,
             hours: float) -> dict[str, Any]:
    return {"hazard": hazard, "colour": colour, "area": area, "headline": headline,
            "text": text, "expires": Later(hours), "msg_status": "Exercise"}


# The storm's true path (scenario hour, lon, lat, wind m/s, pressure hPa): from the Philippine
# Sea north-west to landfall near Cangnan at hour 40, then inland, weakening, by hour 64.
PATH = [(-24.0, 129.6, 20.4, 42.0, 960.0), (0.0, 127.1, 22.9, 50.0, 945.0),
        (24.0, 123.7, 25.8, 55.0, 935.0), (40.0, 120.60, 27.43, 48.0, 950.0),
        (52.0, 119.7, 28.3, 25.0, 985.0), (64.0, 119.3, 29.3, 15.0, 998.0)]
TRACK_PUBLISH_H = 6.0
TRACK_UPDATES_H = [12.0, 18.0, 24.0, 30.0, 34.0, 37.0, 40.0, 46.0, 52.0, 58.0, 64.0]
FORECAST_LEADS_H = [6.0, 12.0, 24.0, 36.0, 48.0, 72.0]


def storm_at(h: float) -> tuple[float, float, float, float]:
    """Lon, lat, wind, pressure at scenario hour ``h`` (linear between the path's points)."""
    for (h0, *a), (h1, *b) in zip(PATH, PATH[1:], strict=False):
        if h0 <= h <= h1:
            f = (h - h0) / (h1 - h0)
            x, y, w, p = (u + (v - u) * f for u, v in zip(a, b, strict=True))
            return x, y, w, p
    raise ValueError(f"hour {h} is off the path")


def _fix(h: float) -> dict[str, Any]:
    lon, lat, wind, pressure = storm_at(h)
    return {"at": (HOUR_ZERO + timedelta(hours=h)).isoformat(), "lon": round(lon, 3),
            "lat": round(lat, 3), "wind_ms": round(wind, 1), "pressure_hpa": round(pressure)}


def _forecast(h: float) -> list[dict[str, Any]]:
    """The forecast issued at hour ``h``: the true path a little east of where it goes (the
    official forecast's bias in this exercise), error circles growing 4 km an hour of lead."""
    out = []
    for lead in FORECAST_LEADS_H:
        if h + lead > PATH[-1][0]:
            break
        lon, lat, _, _ = storm_at(h + lead)
        out.append({"at": (HOUR_ZERO + timedelta(hours=h + lead)).isoformat(),
                    "lon": round(lon + 0.004 * lead, 3), "lat": round(lat, 3),
                    "radius_km": 20.0 + 4.0 * lead})
    return out


def _track_steps() -> list[Step]:
    """The province enters the Central Meteorological Observatory's track (fixes and forecast)
    with the first typhoon response, then each new bulletin as the storm approaches."""
    fixes = [_fix(h) for h in (-24.0, -18.0, -12.0, -6.0, 0.0, 6.0)]
    out = [Step(TRACK_PUBLISH_H, Cmd("prov", "track.publish", {
        "name": NAME, "hazard": "typhoon", "exercise": True, "observed": fixes,
        "forecast": _forecast(TRACK_PUBLISH_H)}, save="track"),
        f"province enters the track of {NAME}")]
    for h in TRACK_UPDATES_H:
        out.append(Step(h, Cmd("prov", "track.update", {
            "id": Ref("track"), "observed": [_fix(h)], "forecast": _forecast(h)})))
    return out


def _shelter_steps() -> list[Step]:
    steps: list[Step] = []
    shelters = [s for s in load("shelters")["shelters"] if s["jurisdiction"] in SHELTER_DESKS]
    for s in shelters:
        desk = SHELTER_DESKS[s["jurisdiction"]]
        opens = 25.0 if s["jurisdiction"] in MOUNTAIN else 30.0
        centre = s["tier"] == "county"
        steps.append(Step(opens, Cmd(desk, "shelter.open", {"id": Key("shelter", s["key"])}),
                          f"{desk} opens {s['name']}" if centre else ""))
        for at_h, share in OCCUPANCY:
            if at_h > opens:
                steps.append(Step(at_h, Cmd(desk, "shelter.occupancy", {
                    "id": Key("shelter", s["key"]),
                    "occupancy": int(s["capacity"] * share)})))
        steps.append(Step(68.0, Cmd(desk, "shelter.close", {"id": Key("shelter", s["key"])}),
                          f"{desk} closes {s['name']}: people return home" if centre else ""))
    return steps


def _losses(affected: int, relocated: int, deaths: int, missing: int, injured: int,
            collapsed: int, damaged: int, crop_ha: float, loss_10k: float) -> dict[str, Any]:
    return {"affected_population": affected, "relocated": relocated, "deaths": deaths,
            "missing": missing, "injured": injured, "houses_collapsed": collapsed,
            "houses_damaged": damaged, "crop_affected_ha": crop_ha,
            "direct_loss_10k_cny": loss_10k, "needing_relief": relocated // 3}


def _county_figures(scale: float, day: int) -> dict[str, Any]:
    """A county's cumulative figures after ``day`` reporting days (0: the initial report, the
    transfers only), ``scale`` its exposure. ``relocated_current`` falls as people go home."""
    evacuated = int(12000 * scale * (1.0 if day == 0 else 1.5))
    relocated = int(3000 * scale * (1.0 if day == 0 else 2.0))
    out: dict[str, Any] = {"evacuated": evacuated, "relocated": relocated,
                           "relocated_current": relocated if day < 2 else relocated // 4,
                           "relocated_centralized": int(relocated * 0.7) if day < 2
                           else relocated // 6,
                           "relocated_dispersed": int(relocated * 0.3) if day < 2
                           else relocated // 4 - relocated // 6,
                           "centralized_sites": int(10 * scale) if day < 2 else int(3 * scale),
                           "affected_population": int(5000 * scale * (1 + 7 * min(day, 1)
                                                                      + 0.4 * max(day - 1, 0)))}
    if day >= 1:
        out.update({
            "injured": int(2 * scale), "houses_collapsed": int(3 * scale),
            "houses_collapsed_dwellings": int(2 * scale),
            "houses_collapsed_households": int(2 * scale),
            "houses_damaged": int(90 * scale), "houses_damaged_dwellings": int(70 * scale),
            "houses_damaged_households": int(60 * scale),
            "crop_affected_ha": round(1200.0 * scale * (1 + 0.2 * (day - 1)), 1),
            "crop_damaged_ha": round(400.0 * scale, 1), "crop_lost_ha": round(80.0 * scale, 1),
            "livestock_dead": int(150 * scale), "roads_km": round(20.0 * scale, 1),
            "power_lines_km": round(35.0 * scale, 1), "comms_lines_km": round(12.0 * scale, 1),
            "base_stations": int(30 * scale), "dikes_km": round(1.5 * scale, 1),
            "needing_relief": int(relocated * 0.4),
            "needing_relief_current": int(relocated * 0.4) if day < 2 else relocated // 10,
            "direct_loss_10k_cny": round(9800.0 * scale * (1 + 0.15 * (day - 1)), 1),
            "loss_housing_10k_cny": round(2100.0 * scale * (1 + 0.15 * (day - 1)), 1),
            "loss_agriculture_10k_cny": round(3300.0 * scale * (1 + 0.15 * (day - 1)), 1),
            "loss_infrastructure_10k_cny": round(4400.0 * scale * (1 + 0.15 * (day - 1)), 1),
        })
    return out


EXPOSURE = {"330324": 1.0, "330381": 2.2, "330327": 2.6, "330328": 0.7, "330326": 0.3,
            "330329": 0.8, "331081": 1.4, "331082": 0.9}


def _statistics_steps() -> list[Step]:
    """The disaster process and the county reports on it (module docstring)."""
    steps = [
        Step(PROCESS_AT_H, Cmd("prov", "process.open", {
            "name": f"台风“{NAME}”灾害过程 Typhoon {NAME}", "hazard": "typhoon",
            "counties": list(COUNTY_DESKS), "exercise": True, "time_scale": Speed(),
            "scenario_start": (HOUR_ZERO + timedelta(hours=PROCESS_AT_H)).isoformat()},
            save="process"), "the province opens the disaster process; counties owe reports"),
        Step(72.0, Cmd("prov", "process.end_response", {"id": Ref("process")}),
             "the response to the process ends: verified reports due in working days"),
    ]
    for n, (county, desk) in enumerate(COUNTY_DESKS.items()):
        scale = EXPOSURE[county]
        if county == LATE:
            steps.append(Step(57.0, Cmd(desk, "loss.submit", {
                "process_id": Ref("process"), "stage": "initial",
                "title": f"台风“{NAME}”灾情初报 (迟报)", "figures": _county_figures(scale, 1),
                "note": "通信中断, 迟报"}, save=f"loss_{county}"),
                f"{desk} files its initial report 30 h late"))
            steps.append(Step(69.0 + n / 10, Cmd(desk, "loss.submit", {
                "id": Ref(f"loss_{county}"), "stage": "follow_up",
                "figures": _county_figures(scale, 2)})))
            continue
        steps.append(Step(24.6 + n / 10, Cmd(desk, "loss.submit", {
            "process_id": Ref("process"), "stage": "initial",
            "title": f"台风“{NAME}”灾情初报", "figures": _county_figures(scale, 0)},
            save=f"loss_{county}"), f"{desk} initial loss report" if n == 0 else ""))
        for day, at_h in ((1, 45.0), (2, 69.0)):
            if county == ZERO:
                args: dict[str, Any] = {"zero": True}
                note = f"{desk}: zero report (零报告), no new losses" if day == 1 else ""
            else:
                args = {"figures": _county_figures(scale, day)}
                note = "county follow-ups by 09:00" if n == 0 and day == 1 else ""
            steps.append(Step(at_h + n / 10, Cmd(desk, "loss.submit", {
                "id": Ref(f"loss_{county}"), "stage": "follow_up", **args}), note))
    return steps


def steps() -> list[Step]:
    s: list[Step] = [
        # -- approach: maritime response, boats to port ------------------------------------
        Step(0.0, Cmd("prov", "response.start", _exercise({
            "headquarters": "flood_drought", "hazard": "maritime_typhoon", "level": "IV",
            "area": COASTAL, "note": f"Typhoon {NAME} enters the East China Sea"}),
            save="maritime"), "province starts the maritime typhoon response IV"),
        Step(0.2, Cmd("prov", "plan.activate", {"id": Key("plan", "prov-typhoon"),
                                                "level": "IV"})),
        Step(0.5, Cmd("prov", "order.issue", _exercise({
            "text": f"台风“{NAME}”逼近, 海上作业渔船立即回港避风, 人员上岸。"
                    f" Typhoon {NAME} approaching: all fishing boats return to port now, "
                    "crews ashore. Report the count of boats in port.",
            "addressees": COASTAL}), save="boats_order"), "boats recalled"),
        Step(2.0, Cmd("wenzhou", "order.acknowledge", {
            "id": Ref("boats_order"), "addressee": "330300",
            "note": "3,862 boats in port, 41 on the way"})),
        Step(3.0, Cmd("taizhou", "order.acknowledge", {
            "id": Ref("boats_order"), "addressee": "331000",
            "note": "all 2,917 boats in port"})),
        # -- province III, blue then yellow -------------------------------------------------
        Step(6.0, Cmd("prov", "response.start", _exercise({
            "headquarters": "flood_drought", "hazard": "typhoon", "level": "III",
            "note": f"{NAME} forecast to land in southern Zhejiang within 48 h"}),
            save="typhoon"), "province typhoon response III"),
        Step(6.1, Cmd("prov", "plan.activate", {"id": Key("plan", "prov-typhoon"),
                                                "level": "III"})),
        Step(6.2, Cmd("prov", "warning.publish", _warning(
            "typhoon", "blue", WARNED, f"台风蓝色预警 Typhoon {NAME}: blue warning",
            "Within 24 h mean wind force 6 or above, gusts 8 or above along the coast.", 30),
            save="typhoon_warning"), "blue typhoon warning"),
        Step(8.0, Cmd("prov", "response.raise", {"id": Ref("maritime"), "level": "III",
                                                 "note": "gale force 8 at sea"})),
        Step(14.0, Cmd("prov", "warning.update", {
            "id": Ref("typhoon_warning"), "colour": "yellow",
            "headline": f"台风黄色预警 Typhoon {NAME}: yellow warning",
            "text": "Within 24 h mean wind force 8 or above, gusts 10 or above.",
            "expires": Later(30)}), "yellow typhoon warning"),
        # -- orange, red flash flood, province II, Wenzhou I, shelters -------------------------
        Step(24.0, Cmd("prov", "warning.update", {
            "id": Ref("typhoon_warning"), "colour": "orange",
            "headline": f"台风橙色预警 Typhoon {NAME}: orange warning",
            "text": "Within 12 h mean wind force 10 or above, gusts 12 or above.",
            "expires": Later(24)}), "orange typhoon warning"),
        Step(24.1, Cmd("wenzhou", "warning.publish", _warning(
            "flash_flood", "red", MOUNTAIN, "山洪灾害红色预警 Flash flood: red warning",
            "Yongjia, Wencheng, Taishun: 250 mm in 24 h expected; flash floods very likely. "
            "Transfer everyone out of flash-flood danger zones now.", 30),
            save="flash_warning"), "red flash-flood warning for the mountain counties"),
        Step(24.2, Cmd("prov", "response.raise", {"id": Ref("typhoon"), "level": "II",
                                                  "note": "orange typhoon warning"}),
             "province raises to II"),
        Step(24.3, Cmd("prov", "plan.activate", {"id": Key("plan", "prov-typhoon"),
                                                 "level": "II"})),
        Step(24.5, Cmd("wenzhou", "response.start", _exercise({
            "headquarters": "flood_drought", "hazard": "typhoon", "level": "I",
            "jurisdiction": "330300", "note": "landfall expected in Wenzhou"}),
            save="wenzhou_typhoon"), "Wenzhou starts response I"),
        Step(24.6, Cmd("wenzhou", "plan.activate", {"id": Key("plan", "wenzhou-typhoon"),
                                                    "level": "I"})),
        Step(25.8, Cmd("prov", "order.issue", _exercise({
            "text": "省机动专业支队即刻集结, 前置驻防温州方向。 Provincial mobile detachment: "
                    "assemble now and stand by for Wenzhou.",
            "addressees": [Unit("mobile-tonglu"), Unit("aviation-jiande")]}),
            save="staging_order"), "order to the provincial mobile detachment and aviation"),
        Step(26.0, Cmd("prov", "team.status", {"id": Key("team", "mobile-tonglu"),
                                               "status": "staged",
                                               "note": "pre-positioned for Wenzhou"})),
        Step(30.0, Cmd("wenzhou", "team.status", {"id": Key("team", "medical-wenzhou"),
                                                  "status": "alerted"}),
             "Wenzhou alerts its medical, power and militia forces"),
        Step(30.0, Cmd("wenzhou", "team.status", {"id": Key("team", "power-wenzhou"),
                                                  "status": "alerted"})),
        Step(30.1, Cmd("cangnan", "team.status", {"id": Key("team", "militia-cangnan"),
                                                  "status": "alerted",
                                                  "note": "help transfer coastal villages"})),
        # -- red warning, province I -----------------------------------------------------------
        Step(34.0, Cmd("prov", "warning.update", {
            "id": Ref("typhoon_warning"), "colour": "red",
            "headline": f"台风红色预警 Typhoon {NAME}: red warning",
            "text": "Within 6 h mean wind force 12 or above, gusts 14 or above.",
            "expires": Later(18)}), "red typhoon warning"),
        Step(34.2, Cmd("prov", "response.raise", {"id": Ref("typhoon"), "level": "I",
                                                  "note": "red typhoon warning"}),
             "province raises to I"),
        Step(34.3, Cmd("prov", "plan.activate", {"id": Key("plan", "prov-typhoon"),
                                                 "level": "I"})),
        # -- landfall and incidents ----------------------------------------------------------
        Step(40.0, Cmd("prov", "incident.create", _exercise({
            "type_code": "11B01", "title": f"台风“{NAME}”登陆 Typhoon {NAME} makes landfall",
            "lon": 120.60, "lat": 27.43, "jurisdiction": "330327", "grade": "II",
            "description": "Landfall near Cangnan/Ruian at 02:40, 14 force near the centre.",
            "address": "苍南县金乡镇沿海"}), save="landfall"), "landfall"),
        Step(40.1, Cmd("prov", "incident.status", {
            "id": Ref("landfall"), "status": "responding",
            "note": "provincial HQ coordinates the response"})),
        Step(40.5, Dispatch("wenzhou", Ref("landfall"), "comms", 1,
                            "Restore communications along the Cangnan coast")),
        Step(41.0, Cmd("ruian", "incident.create", _exercise({
            "type_code": "11A02", "title": "瑞安城区内涝, 群众被困 Ruian urban waterlogging",
            "lon": 120.655, "lat": 27.785, "jurisdiction": "330381", "trapped": 23,
            "description": "Water 1.2 m deep in old residential blocks; 23 people trapped "
                           "on upper floors.", "address": "瑞安市安阳街道"}),
            save="ruian_flood"), "waterlogging in Ruian"),
        Step(41.2, Cmd("wenzhou", "incident.grade", {"id": Ref("ruian_flood"), "grade": "IV",
                                                     "note": "23 trapped, no casualties"})),
        Step(41.3, Dispatch("ruian", Ref("ruian_flood"), "water_rescue", 3,
                            "Evacuate trapped residents by boat", save="ruian_teams")),
        Step(41.6, Dispatch("wenzhou", Ref("ruian_flood"), "flood_pumping", 2,
                            "Pump out the underpasses and blocks", save="ruian_pumps")),
        Step(41.8, Cmd("prov", "assignment.dispatch", {
            "team_id": Key("team", "aviation-jiande"), "incident_id": Ref("ruian_flood"),
            "task": "Hoist people trapped on roofs; aerial survey of the flooded blocks"},
            save="helicopter"), "provincial aviation flies to Ruian"),
        Step(42.0, Cmd("yongjia", "incident.create", _exercise({
            "type_code": "11D01",
            "title": "永嘉岩头镇山体滑坡, 3人失联 Yongjia landslide, 3 missing",
            "lon": 120.70, "lat": 28.40, "jurisdiction": "330324", "missing": 3,
            "description": "A slope gave way above a village after 300 mm of rain; two houses "
                           "buried, three residents missing.", "address": "永嘉县岩头镇"}),
            save="landslide"), "landslide in Yongjia"),
        Step(42.1, Cmd("wenzhou", "incident.grade", {"id": Ref("landslide"), "grade": "III",
                                                     "note": "three missing"})),
        Step(42.2, Dispatch("yongjia", Ref("landslide"), "collapse_search", 2,
                            "Search the buried houses", save="landslide_local")),
        Step(42.4, Cmd("prov", "assignment.dispatch", {
            "team_id": Key("team", "mobile-tonglu"), "incident_id": Ref("landslide"),
            "task": "Heavy search and slope monitoring at the Yantou landslide"},
            save="mobile_assignment"), "the staged provincial mobile detachment sent to Yongjia"),
        Step(42.5, Cmd("wenzhou", "support.request", {
            "incident_id": Ref("landslide"), "capability": "pla", "count": 1,
            "note": "Request PLA engineers with excavators for the landslide search"},
            save="pla_request"), "Wenzhou requests the PLA through the province"),
        Step(43.0, Cmd("prov", "support.accept", {"id": Ref("pla_request"),
                                                  "note": "PLA engineer company tasked"})),
        Step(43.1, Cmd("prov", "assignment.dispatch", {
            "team_id": Key("team", "pla-wenzhou"), "incident_id": Ref("landslide"),
            "task": "Heavy search with excavators at the Yantou landslide",
            "support_request_id": Ref("pla_request")}, save="pla_assignment"),
            "PLA company dispatched"),
        Step(43.4, Cmd("liaison-pla", "assignment.acknowledge", {"id": Ref("pla_assignment")}),
             "the PLA liaison acknowledges"),
        Step(43.0, Cmd("wenling", "incident.create", _exercise({
            "type_code": "12D02", "title": "温岭化工企业停电后危化品泄漏 Wenling chemical leak",
            "lon": 121.50, "lat": 28.33, "jurisdiction": "331081", "injured": 4,
            "description": "Power cut stopped the cooling of a chlorine storage tank; "
                           "leak at a flange; 600 residents downwind evacuated.",
            "address": "温岭市东部新区"}), save="chem_leak"), "chemical leak in Wenling"),
        Step(43.1, Cmd("taizhou", "incident.grade", {"id": Ref("chem_leak"), "grade": "IV"})),
        Step(43.2, Dispatch("wenling", Ref("chem_leak"), "hazmat", 2,
                            "Seal the leak, monitor the plume", save="chem_teams")),
        Step(43.5, Dispatch("taizhou", Ref("chem_leak"), "power", 1,
                            "Restore power to the cooling system", save="chem_power")),
        Step(44.0, Cmd("linhai", "incident.create", _exercise({
            "type_code": "11A01", "title": "灵江临海站超警戒水位 Ling River above warning level",
            "lon": 121.13, "lat": 28.85, "jurisdiction": "331082",
            "description": "Ling River at Linhai 0.8 m above the warning level and rising; "
                           "old-town flood gates closed.", "address": "临海市古城街道"}),
            save="ling_river"), "the Ling River above warning level"),
        Step(44.1, Cmd("taizhou", "incident.grade", {"id": Ref("ling_river"), "grade": "IV"})),
        Step(44.2, Dispatch("linhai", Ref("ling_river"), "flood_rescue", 2,
                            "Reinforce the old-town flood wall", save="ling_teams")),
        Step(44.5, Cmd("prov", "assignment.dispatch", {
            "team_id": Key("team", "pap-taizhou"), "incident_id": Ref("ling_river"),
            "task": "Sandbag the Linhai flood wall"}, save="pap_assignment"),
            "armed police dispatched"),
        Step(44.8, Cmd("liaison-pap", "assignment.acknowledge", {"id": Ref("pap_assignment")})),
        # -- materials from the provincial reserve -------------------------------------------
        Step(44.0, Cmd("wenzhou", "material.create", _exercise({
            "lines": [{"item_code": "1010101", "quantity": 500},
                      {"item_code": "2020101", "quantity": 40},
                      {"item_code": "2020201", "quantity": 30}],
            "incident_id": Ref("ruian_flood"), "destination": "瑞安市体育中心安置点",
            "contact": "温州市应急管理局 0577-88960110", "submit": True}), save="materials"),
            "Wenzhou requests tents, pumps and generators"),
        Step(45.0, Cmd("prov", "material.approve", {
            "id": Ref("materials"), "source_depot_id": Key("depot", "prov-hangzhou"),
            "note": "approved from the provincial reserve"}), "province approves"),
        Step(45.5, Cmd("prov", "material.issue_order", {
            "id": Ref("materials"), "note": "dispatch instruction to the reserves bureau"})),
        Step(46.5, Cmd("prov", "material.ship", {"id": Ref("materials"),
                                                 "note": "6 trucks left Xiaoshan"})),
        Step(52.0, Cmd("wenzhou", "material.receive", {"id": Ref("materials"),
                                                       "note": "signed for in Ruian"}),
             "materials received"),
        # -- losses ----------------------------------------------------------------------------
        Step(46.0, Cmd("wenzhou", "loss.submit", _exercise({
            "hazard": "typhoon", "jurisdiction": "330300", "stage": "initial",
            "incident_id": Ref("landfall"), "title": f"温州市台风“{NAME}”灾情初报",
            "figures": _losses(182000, 236000, 0, 3, 5, 12, 340, 8600.0, 52000.0)}),
            save="wz_losses"), "initial loss report"),
        Step(47.0, Cmd("taizhou", "loss.submit", _exercise({
            "hazard": "typhoon", "jurisdiction": "331000", "stage": "initial",
            "incident_id": Ref("landfall"), "title": f"台州市台风“{NAME}”灾情初报",
            "figures": _losses(64000, 98000, 0, 0, 6, 3, 120, 3100.0, 18000.0)}),
            save="tz_losses")),
        Step(50.0, Cmd("yongjia", "incident.update", {
            "id": Ref("landslide"), "missing": 0, "injured": 3, "deaths": 0,
            "note": "all three found alive under a collapsed wall, taken to hospital"}),
            "the three missing are found"),
        Step(56.0, Cmd("wenzhou", "loss.submit", {
            "id": Ref("wz_losses"), "stage": "follow_up",
            "figures": _losses(356000, 312000, 0, 0, 11, 27, 1260, 15400.0, 138000.0),
            "note": "follow-up after the rain ended"}), "follow-up loss report"),
        # -- response lowered and ended --------------------------------------------------------
        Step(54.0, Cmd("prov", "warning.update", {
            "id": Ref("typhoon_warning"), "colour": "yellow",
            "headline": f"台风黄色预警 Typhoon {NAME} weakening: yellow warning",
            "expires": Later(12)})),
        Step(55.0, Cmd("prov", "response.lower", {"id": Ref("typhoon"), "level": "III",
                                                  "note": f"{NAME} weakened inland"}),
             "province lowers to III"),
        Step(56.0, Cmd("wenzhou", "response.lower", {"id": Ref("wenzhou_typhoon"),
                                                     "level": "III"})),
        Step(58.0, Cmd("wenzhou", "warning.cancel", {"id": Ref("flash_warning"),
                                                     "note": "rain has ended"})),
        Step(60.0, Cmd("prov", "warning.cancel", {"id": Ref("typhoon_warning"),
                                                  "note": f"{NAME} has left Zhejiang"})),
        Step(60.5, Cmd("prov", "response.end", {"id": Ref("maritime"),
                                                "note": "boats may sail"})),
        Step(62.0, Cmd("prov", "response.lower", {"id": Ref("typhoon"), "level": "IV"})),
        Step(63.0, Cmd("wenzhou", "team.status", {"id": Key("team", "medical-wenzhou"),
                                                  "status": "available", "note": "stood down"})),
        Step(63.0, Cmd("wenzhou", "team.status", {"id": Key("team", "power-wenzhou"),
                                                  "status": "available", "note": "stood down"})),
        Step(63.1, Cmd("cangnan", "team.status", {"id": Key("team", "militia-cangnan"),
                                                  "status": "available", "note": "stood down"})),
        Step(64.0, Cmd("wenling", "incident.status", {"id": Ref("chem_leak"),
                                                      "status": "response_ended",
                                                      "note": "leak sealed, air clear"})),
        Step(65.0, Cmd("linhai", "incident.status", {"id": Ref("ling_river"),
                                                     "status": "response_ended",
                                                     "note": "river below warning level"})),
        Step(66.0, Cmd("ruian", "incident.status", {"id": Ref("ruian_flood"),
                                                    "status": "response_ended"})),
        Step(66.5, Cmd("yongjia", "incident.status", {"id": Ref("landslide"),
                                                      "status": "response_ended"})),
        Step(70.0, Cmd("wenzhou", "response.end", {"id": Ref("wenzhou_typhoon")})),
        Step(70.5, Cmd("wenzhou", "loss.submit", {
            "id": Ref("wz_losses"), "stage": "final",
            "figures": _losses(361500, 312000, 0, 0, 11, 29, 1304, 15820.0, 141600.0),
            "note": "verified figures (核报)"}), "final loss report"),
        Step(71.0, Cmd("prov", "incident.status", {"id": Ref("landfall"),
                                                   "status": "response_ended"})),
        Step(72.0, Cmd("prov", "response.end", {"id": Ref("typhoon"),
                                                "note": f"response to {NAME} ended"}),
             "the response ends"),
    ]
    return s + _shelter_steps() + _statistics_steps() + _track_steps()
