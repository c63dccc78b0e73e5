"""The domain range of every number a client may send, declared once as a named type.

Fields of commands and client messages are typed with these, so the decoder itself refuses a
value outside its range (``bad_request`` naming the field, e.g. ``Expected `int` <= 1000000 -
at `$.deaths```) and the generated reference shows the range. The bounds are what a real form
could hold, with a wide margin; entities as stored are not bounded (old rows must still load).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from msgspec import Meta

CASUALTIES_MAX = 1_000_000  # above the toll of any recorded disaster in China
POPULATION_MAX = 100_000_000  # above the population of Zhejiang (65.8 million, 2023)
HOUSES_MAX = 30_000_000
HECTARES_MAX = 11_000_000  # above the land area of Zhejiang (10.55 million ha)
LOSS_10K_CNY_MAX = 1_000_000_000  # 10^13 CNY, above the yearly GDP of Zhejiang
KM_MAX = 10_000_000.0  # above every road, line and dike in China together
COUNT_MAX = 10_000_000  # sites, stations, reservoirs, head of livestock
TIME_SCALE_MAX = 100_000.0  # an exercise's reporting clock at most this much faster
HEADCOUNT_MAX = 100_000
SHELTER_PEOPLE_MAX = 1_000_000
QUANTITY_MAX = 100_000_000  # pieces, sets or bags of one item in one depot or request line
SUPPORT_TEAMS_MAX = 1_000
RECOMMEND_MAX = 100
TRACK_POINTS_MAX = 50_000
PICTURE_PAGE_MAX = 2_000  # entities in one page of history.picture
EVENTS_PAGE_MAX = 1_000  # events in one answer of history.events
DUE_ITEMS_MAX = 2_000  # information-report deadlines in one info.due answer
VERSION_MAX = 2**31 - 1  # entity versions: one per change; no entity changes 2^31 times
SEQ_MAX = 2**63 - 1  # the event log's seq column is a signed 64-bit integer
PROTOCOL_MAX = 65_535
SPEED_KMH_MAX = 1_500.0  # above any team's aircraft
WARNING_VALIDITY_MAX = timedelta(days=90)  # onset to expiry; a drought warning is renewed
WARNING_ONSET_MAX_OFFSET = timedelta(days=30)  # onset at most this far before or after now
ORDER_REPLY_MAX = timedelta(days=30)  # an order's reply-by time at most this far ahead

Casualties = Annotated[
    int, Meta(ge=0, le=CASUALTIES_MAX, description="people dead, injured, missing or trapped")
]
Population = Annotated[int, Meta(ge=0, le=POPULATION_MAX,
                                 description="people affected, relocated or needing relief")]
Houses = Annotated[int, Meta(ge=0, le=HOUSES_MAX, description="houses")]
Hectares = Annotated[float, Meta(ge=0, le=HECTARES_MAX, description="crop area in hectares")]
Loss10kCny = Annotated[float, Meta(ge=0, le=LOSS_10K_CNY_MAX,
                                   description="money in 10,000 CNY (万元)")]
Km = Annotated[float, Meta(ge=0, le=KM_MAX, description="length in km")]
Count = Annotated[int, Meta(ge=0, le=COUNT_MAX,
                            description="sites, stations, reservoirs or head of livestock")]
TimeScale = Annotated[float, Meta(ge=1, le=TIME_SCALE_MAX,
                                  description="reporting clock speed against real time")]
Headcount = Annotated[int, Meta(ge=0, le=HEADCOUNT_MAX, description="people in a team")]
Rating = Annotated[int, Meta(ge=1, le=3, description="social force rating")]
ShelterPeople = Annotated[int, Meta(ge=0, le=SHELTER_PEOPLE_MAX, description="people in a shelter")]
ShelterCapacity = Annotated[
    int, Meta(ge=1, le=SHELTER_PEOPLE_MAX, description="people a shelter holds")
]
Quantity = Annotated[int, Meta(ge=0, le=QUANTITY_MAX, description="items counted")]
PositiveQuantity = Annotated[int, Meta(ge=1, le=QUANTITY_MAX,
                                       description="items moved or asked for")]
SupportTeams = Annotated[int, Meta(ge=1, le=SUPPORT_TEAMS_MAX, description="teams asked for")]
RecommendLimit = Annotated[int, Meta(ge=1, le=RECOMMEND_MAX, description="teams listed")]
TrackLimit = Annotated[int, Meta(ge=1, le=TRACK_POINTS_MAX, description="track points returned")]
PictureLimit = Annotated[int, Meta(ge=1, le=PICTURE_PAGE_MAX,
                                   description="entities in one page")]
EventsLimit = Annotated[int, Meta(ge=1, le=EVENTS_PAGE_MAX, description="events returned")]
DueLimit = Annotated[int, Meta(ge=1, le=DUE_ITEMS_MAX, description="deadlines returned")]
Version = Annotated[int, Meta(ge=0, le=VERSION_MAX, description="an entity version")]
Seq = Annotated[int, Meta(ge=0, le=SEQ_MAX, description="an event sequence number")]
ProtocolNumber = Annotated[int, Meta(ge=0, le=PROTOCOL_MAX, description="a protocol version")]
WIND_MS_MAX = 120.0  # m/s: above the strongest gust ever measured
PRESSURE_HPA_MIN, PRESSURE_HPA_MAX = 850.0, 1100.0  # below the deepest typhoon, above any high
CONE_RADIUS_KM_MAX = 1_500.0  # a 5-day forecast's error circle is some 400 km
WindMs = Annotated[float, Meta(ge=0, le=WIND_MS_MAX, description="maximum sustained wind, m/s")]
PressureHpa = Annotated[float, Meta(ge=PRESSURE_HPA_MIN, le=PRESSURE_HPA_MAX,
                                    description="central pressure, hPa")]
ConeRadiusKm = Annotated[float, Meta(ge=0, le=CONE_RADIUS_KM_MAX,
                                     description="radius of the forecast's error circle, km")]
Longitude = Annotated[float, Meta(ge=-180, le=180, description="WGS-84 longitude, degrees")]
Latitude = Annotated[float, Meta(ge=-90, le=90, description="WGS-84 latitude, degrees")]
SpeedKmh = Annotated[float, Meta(ge=0, le=SPEED_KMH_MAX, description="km/h")]
Heading = Annotated[float, Meta(ge=0, le=360, description="degrees from north, clockwise")]
