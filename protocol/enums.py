"""Domain enumerations. Each member: wire code, English label, Chinese label."""

from __future__ import annotations

from .labels import LabeledEnum


class Role(LabeledEnum):
    PROVINCE = ("province", "Provincial duty officer", "省级值班员")
    CITY = ("city", "City duty officer", "市级值班员")
    COUNTY = ("county", "County command post", "县级指挥部")
    LIAISON = ("liaison", "Liaison officer", "联络员")
    FIELD = ("field", "Field terminal", "现场终端")
    ADMIN = ("admin", "Administrator", "系统管理员")


class Level(LabeledEnum):
    PROVINCE = ("province", "Province", "省")
    CITY = ("city", "City", "市")
    COUNTY = ("county", "County", "县(市、区)")


class Grade(LabeledEnum):
    """Incident severity grade; I is the most severe."""

    I = ("I", "Grade I (especially serious)", "Ⅰ级 特别重大")  # noqa: E741
    II = ("II", "Grade II (serious)", "Ⅱ级 重大")
    III = ("III", "Grade III (relatively serious)", "Ⅲ级 较大")
    IV = ("IV", "Grade IV (general)", "Ⅳ级 一般")


class ResponseLevel(LabeledEnum):
    I = ("I", "Level I response", "Ⅰ级响应")  # noqa: E741
    II = ("II", "Level II response", "Ⅱ级响应")
    III = ("III", "Level III response", "Ⅲ级响应")
    IV = ("IV", "Level IV response", "Ⅳ级响应")


LEVEL_RANK = {"I": 1, "II": 2, "III": 3, "IV": 4}
"""Rank of grade/level/colour codes: smaller is more severe."""


class WarningColour(LabeledEnum):
    BLUE = ("blue", "Blue (IV)", "蓝色")
    YELLOW = ("yellow", "Yellow (III)", "黄色")
    ORANGE = ("orange", "Orange (II)", "橙色")
    RED = ("red", "Red (I)", "红色")


COLOUR_OF_LEVEL = {"I": "red", "II": "orange", "III": "yellow", "IV": "blue"}
LEVEL_OF_COLOUR = {v: k for k, v in COLOUR_OF_LEVEL.items()}


class SourceChannel(LabeledEnum):
    """How the report of an incident reached the duty desk (信息来源渠道)."""

    HOTLINE_12350 = ("hotline_12350", "12350 hotline", "12350热线")
    TRANSFER_110 = ("transfer_110", "Transferred from 110/119/120", "110/119/120转警")
    DUTY_CALL = ("duty_call", "Duty call", "值班电话")
    FIELD = ("field", "Field report", "现场报告")
    UPPER_LEVEL = ("upper_level", "Upper-level notice", "上级通报")
    LOWER_LEVEL = ("lower_level", "Lower-level report", "下级报告")
    MEDIA = ("media", "Media / social media", "媒体/网络舆情")
    SENSOR = ("sensor", "Monitoring or warning system", "监测预警系统")
    OTHER = ("other", "Other", "其他")


class OrderPriority(LabeledEnum):
    """How fast an order is to be carried out (指令缓急)."""

    ROUTINE = ("routine", "Routine", "平急")
    URGENT = ("urgent", "Urgent", "加急")
    FLASH = ("flash", "Flash", "特急")


class IncidentStatus(LabeledEnum):
    RECEIVED = ("received", "Received", "接报")
    VERIFYING = ("verifying", "Verifying", "核实")
    ASSESSED = ("assessed", "Assessed", "研判定级")
    RESPONDING = ("responding", "Responding", "处置中")
    RESPONSE_ENDED = ("response_ended", "Response ended", "响应结束")
    RECOVERY = ("recovery", "Recovery", "善后")
    CLOSED = ("closed", "Closed", "已关闭")
    MERGED = ("merged", "Merged", "已合并")
    FALSE_ALARM = ("false_alarm", "False alarm", "误报")


class TeamType(LabeledEnum):
    FIRE_RESCUE = ("fire_rescue", "Fire and rescue", "消防救援")
    NATIONAL_MOBILE = ("national_mobile", "Provincial mobile team", "机动专业支队")
    FOREST_FIRE = ("forest_fire", "Forest fire", "森林消防")
    FLOOD = ("flood", "Flood rescue", "防汛抢险")
    USAR_GEO = ("usar_geo", "Earthquake / geological rescue", "地震地质救援")
    MINE = ("mine", "Mine rescue", "矿山救护")
    HAZMAT = ("hazmat", "Hazardous chemicals", "危化品救援")
    AVIATION = ("aviation", "Aviation rescue", "航空救援")
    SOCIAL = ("social", "Social rescue force", "社会应急力量")
    TOWNSHIP = ("township", "Township rescue team", "乡镇综合救援队")
    MILITIA = ("militia", "Militia", "民兵")
    PLA = ("pla", "PLA unit", "解放军")
    PAP = ("pap", "Armed police", "武警")
    MEDICAL = ("medical", "Medical", "医疗救护")
    POWER = ("power", "Power repair", "电力抢修")
    COMMS = ("comms", "Communications", "通信保障")


class TeamStatus(LabeledEnum):
    AVAILABLE = ("available", "Available", "备勤")
    ALERTED = ("alerted", "Alerted", "集结待命")
    STAGED = ("staged", "Staged", "前置驻防")
    DISPATCHED = ("dispatched", "Dispatched", "已出动")
    EN_ROUTE = ("en_route", "En route", "途中")
    ON_SCENE = ("on_scene", "On scene", "到场")
    WORKING = ("working", "Working", "作业中")
    RELEASED = ("released", "Released", "作业结束")
    RETURNING = ("returning", "Returning", "返队")
    RECALLED = ("recalled", "Recalled", "中返")
    OUT_OF_SERVICE = ("out_of_service", "Out of service", "停用")


class AssignmentStatus(LabeledEnum):
    """An assignment's status; while open it mirrors the team's status."""

    DISPATCHED = ("dispatched", "Dispatched", "已出动")
    EN_ROUTE = ("en_route", "En route", "途中")
    ON_SCENE = ("on_scene", "On scene", "到场")
    WORKING = ("working", "Working", "作业中")
    RELEASED = ("released", "Released", "作业结束")
    RECALLED = ("recalled", "Recalled", "中返")
    ENDED = ("ended", "Ended", "已结束")


class SupportRequestStatus(LabeledEnum):
    REQUESTED = ("requested", "Requested", "已请求")
    ACCEPTED = ("accepted", "Accepted", "已受理")
    REJECTED = ("rejected", "Rejected", "已驳回")
    FULFILLED = ("fulfilled", "Fulfilled", "已满足")
    CANCELLED = ("cancelled", "Cancelled", "已撤销")


class MaterialRequestStatus(LabeledEnum):
    DRAFT = ("draft", "Draft", "草稿")
    SUBMITTED = ("submitted", "Submitted", "已提交")
    APPROVED = ("approved", "Approved", "已批准")
    ORDER_ISSUED = ("order_issued", "Dispatch order issued", "已下达调拨指令")
    IN_TRANSIT = ("in_transit", "In transit", "运输中")
    RECEIVED = ("received", "Received", "已签收")
    PARTIAL = ("partial", "Partially received", "部分签收")
    CLOSED = ("closed", "Closed", "已关闭")
    RETURNED = ("returned", "Returned", "已退回")
    REJECTED = ("rejected", "Rejected", "已驳回")
    CANCELLED = ("cancelled", "Cancelled", "已取消")


class ResponseStatus(LabeledEnum):
    ACTIVE = ("active", "In force", "响应中")
    ENDED = ("ended", "Ended", "已终止")


class Headquarters(LabeledEnum):
    FLOOD_DROUGHT = ("flood_drought", "Flood, Drought and Typhoon HQ", "防汛防台抗旱指挥部")
    FOREST_FIRE = ("forest_fire", "Forest Fire HQ", "森林防灭火指挥部")
    EARTHQUAKE = ("earthquake", "Earthquake Relief HQ", "抗震救灾指挥部")
    WORK_SAFETY = ("work_safety", "Work Safety Committee", "安全生产委员会")
    DISASTER_REDUCTION = ("disaster_reduction", "Disaster Reduction Committee", "减灾委员会")


class Hazard(LabeledEnum):
    TYPHOON = ("typhoon", "Typhoon", "台风")
    MARITIME_TYPHOON = ("maritime_typhoon", "Maritime typhoon", "海上防台风")
    FLOOD = ("flood", "Flood", "洪水")
    RAINSTORM = ("rainstorm", "Rainstorm", "暴雨")
    FLASH_FLOOD = ("flash_flood", "Flash flood", "山洪")
    GEOLOGICAL = ("geological", "Geological disaster", "地质灾害")
    DROUGHT = ("drought", "Drought", "干旱")
    FOREST_FIRE = ("forest_fire", "Forest fire", "森林火灾")
    EARTHQUAKE = ("earthquake", "Earthquake", "地震")
    WORK_SAFETY = ("work_safety", "Work-safety accident", "安全生产事故")
    GALE = ("gale", "Gale", "大风")
    STORM_SURGE = ("storm_surge", "Storm surge", "风暴潮")
    HEAT = ("heat", "Heat", "高温")
    COLD = ("cold", "Cold wave", "寒潮")


class WarningMsgStatus(LabeledEnum):
    """CAP 1.2 <status>."""

    ACTUAL = ("Actual", "Actual", "正式")
    EXERCISE = ("Exercise", "Exercise", "演练")
    SYSTEM = ("System", "System", "系统")
    TEST = ("Test", "Test", "测试")


class WarningMsgType(LabeledEnum):
    """CAP 1.2 <msgType>."""

    ALERT = ("Alert", "Alert", "发布")
    UPDATE = ("Update", "Update", "更新")
    CANCEL = ("Cancel", "Cancel", "解除")


class WarningState(LabeledEnum):
    ACTIVE = ("active", "Active", "生效")
    CANCELLED = ("cancelled", "Cancelled", "已解除")
    EXPIRED = ("expired", "Expired", "已过期")


class LossReportKind(LabeledEnum):
    INITIAL = ("initial", "Initial report", "初报")
    FOLLOW_UP = ("follow_up", "Follow-up report", "续报")
    FINAL = ("final", "Final report", "核报")


class ReportStatus(LabeledEnum):
    """A loss report revision: accepted, or returned by a level above with a reason."""

    ACCEPTED = ("accepted", "Accepted", "已受理")
    RETURNED = ("returned", "Returned", "已退回")


class ShelterTier(LabeledEnum):
    COUNTY = ("county", "County shelter centre", "县级避灾安置中心")
    TOWNSHIP = ("township", "Township shelter", "乡镇避灾安置场所")
    VILLAGE = ("village", "Village shelter point", "村级避灾安置点")


class DepotLevel(LabeledEnum):
    CENTRAL = ("central", "Central reserve", "中央储备")
    PROVINCE = ("province", "Provincial reserve", "省级储备")
    CITY = ("city", "City reserve", "市级储备")
    COUNTY = ("county", "County reserve", "县级储备")
    TOWNSHIP = ("township", "Township reserve", "乡镇储备")
    AGREEMENT = ("agreement", "Agreement reserve", "协议储备")


class PlanTaskStatus(LabeledEnum):
    OPEN = ("open", "Open", "待办")
    DONE = ("done", "Done", "已完成")
