"""The invented Kent & Medway demo partnership, loaded by ``tandem seed-demo``.

Everything here is invented except the names and ONS codes of the county, the districts and the
public bodies, which are public facts. Wards, ward codes, boundaries, postcodes (real outward codes,
invented inward parts), addresses, people, phone numbers (Ofcom's drama range) and e-mail addresses
(``example.com``) are made up. Staff sign in with one shared password, for the demo only.

Loading is idempotent: reference rows are matched on their natural keys, users are created once,
and the incidents are skipped when the demo users have already logged some. Incidents go through
the real intake service, ``incident_log``, so cases, deadlines, audit events and people are exactly
what the application itself would have written. It is deterministic: one ``random.Random(2026)``
draws everything, relative to ``timezone.now()``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tandem.accounts.models import Agency, AgencyKind, Role, User
from tandem.accounts.services import user_create
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.dataprotection.demo import seed_data_protection
from tandem.geography.models import Area, AreaKind, Postcode
from tandem.incidents.models import (
    Category,
    Channel,
    HateStrand,
    Incident,
    IncidentPerson,
    IncidentType,
    PersonRole,
)
from tandem.incidents.services import IncidentReport, PersonInvolved, incident_log
from tandem.people.models import ContactChannel, Person
from tandem.people.services import PersonDetails
from tandem.standards.working_days import add_working_days

# Demo only: every demo account shares this password. Never load the demo into production.
# It breaks the password policy on purpose (it includes "tandem"), so _seed_users sets it without
# the validators.
DEMO_PASSWORD = "demo-tandem-2026"  # noqa: S105
SEED = 2026
INCIDENT_COUNT = 200
HISTORY_DAYS = 548  # about 18 months
FULL_QUEUE_OFFICER = "maidstone.officer"

# --------------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------------

PARTNERSHIP_CODE = "E10000016"  # Kent County Council's area; the demo partnership adds Medway
PARTNERSHIP_NAME = "Kent & Medway"
WARD_CODE_PREFIX = "E059"  # E05 is the ward series; 9xxxxx is unused by ONS, so clearly invented


@dataclass(frozen=True)
class DistrictSeed:
    ons_code: str
    name: str
    council_code: str
    council_name: str
    username: str  # prefix of the council's demo users, e.g. ``maidstone.officer``
    town: str
    latitude: float  # approximate centre of the main town
    longitude: float
    outward_codes: tuple[str, ...]
    wards: tuple[str, ...]  # invented ward names


DISTRICTS: tuple[DistrictSeed, ...] = (
    DistrictSeed(
        "E07000105",
        "Ashford",
        "ASHFORD",
        "Ashford Borough Council",
        "ashford",
        "Ashford",
        51.146,
        0.875,
        ("TN23", "TN24", "TN25"),
        ("Stourside", "Willow Chase", "Eastfield Green"),
    ),
    DistrictSeed(
        "E07000106",
        "Canterbury",
        "CANTERBURY",
        "Canterbury City Council",
        "canterbury",
        "Canterbury",
        51.280,
        1.080,
        ("CT1", "CT2", "CT5", "CT6"),
        ("Cathedral Quarter", "Westgate Meadows", "Oyster Bay", "Seaview Cliffs"),
    ),
    DistrictSeed(
        "E07000107",
        "Dartford",
        "DARTFORD",
        "Dartford Borough Council",
        "dartford",
        "Dartford",
        51.446,
        0.217,
        ("DA1", "DA2", "DA10"),
        ("Darent Riverside", "Heathside", "Crossways Park"),
    ),
    DistrictSeed(
        "E07000108",
        "Dover",
        "DOVER",
        "Dover District Council",
        "dover",
        "Dover",
        51.127,
        1.313,
        ("CT16", "CT17", "CT14"),
        ("Castle Heights", "Harbourside", "Shingle Shore"),
    ),
    DistrictSeed(
        "E07000112",
        "Folkestone & Hythe",
        "FOLKESTONE",
        "Folkestone & Hythe District Council",
        "folkestone",
        "Folkestone",
        51.081,
        1.166,
        ("CT19", "CT20", "CT21"),
        ("Leas Cliff", "Harbour Arm", "Canal Bank"),
    ),
    DistrictSeed(
        "E07000109",
        "Gravesham",
        "GRAVESHAM",
        "Gravesham Borough Council",
        "gravesham",
        "Gravesend",
        51.441,
        0.370,
        ("DA11", "DA12", "DA13"),
        ("Riverview", "Windmill Rise", "Chalk Downs"),
    ),
    DistrictSeed(
        "E07000110",
        "Maidstone",
        "MAIDSTONE",
        "Maidstone Borough Council",
        "maidstone",
        "Maidstone",
        51.272,
        0.522,
        ("ME14", "ME15", "ME16", "ME17"),
        ("Riverside", "Orchard Park", "Bluebell Vale", "Kingsmead"),
    ),
    DistrictSeed(
        "E07000111",
        "Sevenoaks",
        "SEVENOAKS",
        "Sevenoaks District Council",
        "sevenoaks",
        "Sevenoaks",
        51.272,
        0.190,
        ("TN13", "TN14", "BR8"),
        ("Vine Gardens", "Darent Valley", "Swanley Green"),
    ),
    DistrictSeed(
        "E07000113",
        "Swale",
        "SWALE",
        "Swale Borough Council",
        "swale",
        "Sittingbourne",
        51.340,
        0.733,
        ("ME10", "ME12", "ME13", "ME9"),
        ("Milton Creek", "Island Front", "Creekside", "Orchard Downs"),
    ),
    DistrictSeed(
        "E07000114",
        "Thanet",
        "THANET",
        "Thanet District Council",
        "thanet",
        "Margate",
        51.360,
        1.390,
        ("CT9", "CT10", "CT11", "CT12"),
        ("Margate Sands", "Viking Shore", "Marina Heights", "Airfield Fields"),
    ),
    DistrictSeed(
        "E07000115",
        "Tonbridge & Malling",
        "TONBRIDGE",
        "Tonbridge & Malling Borough Council",
        "tonbridge",
        "Tonbridge",
        51.195,
        0.275,
        ("TN9", "TN10", "ME19", "ME20"),
        ("Castle Fields", "Hilltop Park", "Larkfield Lakes"),
    ),
    DistrictSeed(
        "E07000116",
        "Tunbridge Wells",
        "TUNBRIDGEWELLS",
        "Tunbridge Wells Borough Council",
        "tunbridgewells",
        "Royal Tunbridge Wells",
        51.132,
        0.263,
        ("TN1", "TN2", "TN4", "TN12"),
        ("Pantiles", "Grosvenor Rise", "Hop Garden Green"),
    ),
    DistrictSeed(
        "E06000035",
        "Medway",
        "MEDWAY",
        "Medway Council",
        "medway",
        "Chatham",
        51.385,
        0.540,
        ("ME1", "ME2", "ME4", "ME7"),
        ("Esplanade", "Strood Riverside", "Dockside", "Gillingham Park"),
    ),
)

# Wards are rectangles in a 2 by 2 grid around the district's centre, with gaps between them.
WARD_HEIGHT = 0.016  # degrees of latitude, about 1.8 km
WARD_WIDTH = 0.025  # degrees of longitude, about 1.7 km at 51°N
WARD_GAP = 0.002
POSTCODES_PER_WARD = 4
_INWARD_FIRST = "XYZ"
_INWARD_SECOND = "ABDEFGHJLNPQRSTUWXYZ"


def ward_rectangle(district: DistrictSeed, index: int) -> tuple[float, float, float, float]:
    """``(south, west, north, east)`` of the district's ``index``-th ward (0 to 3)."""
    row, column = divmod(index, 2)
    south = district.latitude - WARD_HEIGHT - WARD_GAP / 2 + row * (WARD_HEIGHT + WARD_GAP)
    west = district.longitude - WARD_WIDTH - WARD_GAP / 2 + column * (WARD_WIDTH + WARD_GAP)
    return south, west, south + WARD_HEIGHT, west + WARD_WIDTH


def ward_boundary(district: DistrictSeed, index: int) -> dict[str, object]:
    south, west, north, east = ward_rectangle(district, index)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "Polygon",
        "coordinates": [[[round(lon, 6), round(lat, 6)] for lon, lat in ring]],
    }


# --------------------------------------------------------------------------------------------
# Agencies and staff
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySeed:
    code: str
    name: str
    kind: AgencyKind
    district: str | None = None  # district ONS code; None serves the whole partnership


PARTNER_AGENCIES: tuple[AgencySeed, ...] = (
    AgencySeed("KENTPOL", "Kent Police", AgencyKind.POLICE),
    AgencySeed("KCC", "Kent County Council Community Safety", AgencyKind.COUNCIL),
    AgencySeed("WMH", "Weald & Medway Homes", AgencyKind.HOUSING),
    AgencySeed("KFRS", "Kent Fire & Rescue Service", AgencyKind.FIRE),
    AgencySeed("PROBATION", "Probation Service (Kent)", AgencyKind.PROBATION),
    AgencySeed("YOS", "Kent Youth Offending Service", AgencyKind.YOUTH_OFFENDING),
    AgencySeed("NHSKENT", "NHS Kent and Medway", AgencyKind.HEALTH),
    AgencySeed("KCCSOC", "Kent County Council Adult Social Care", AgencyKind.SOCIAL_CARE),
    AgencySeed("VICTIMSUP", "Victim Support (Kent)", AgencyKind.VOLUNTARY),
    AgencySeed("MEDIATION", "Weald Community Mediation", AgencyKind.VOLUNTARY),
)


@dataclass(frozen=True)
class UserSeed:
    username: str
    agency: str
    role: Role
    first_name: str
    last_name: str


def _staff(agency: str, prefix: str, rows: Sequence[tuple[str, Role, str, str]]) -> list[UserSeed]:
    return [
        UserSeed(f"{prefix}.{suffix}", agency, role, first, last)
        for suffix, role, first, last in rows
    ]


DEMO_USERS: tuple[UserSeed, ...] = (
    *_staff(
        "MAIDSTONE",
        "maidstone",
        [
            ("handler", Role.CALL_HANDLER, "Priya", "Chandler"),
            ("officer", Role.CASE_OFFICER, "Sam", "Fletcher"),
            ("officer2", Role.CASE_OFFICER, "Jo", "Hartley"),
            ("supervisor", Role.SUPERVISOR, "Dev", "Mistry"),
            ("partner", Role.PARTNER_WORKER, "Kim", "Lowe"),
            ("analyst", Role.ANALYST, "Tom", "Brennan"),
            ("admin", Role.ADMINISTRATOR, "Alison", "Pratt"),
            ("auditor", Role.AUDITOR, "Ruth", "Kendall"),
        ],
    ),
    *_staff(
        "KENTPOL",
        "police",
        [
            ("handler", Role.CALL_HANDLER, "Ben", "Carver"),
            ("officer", Role.CASE_OFFICER, "Nadia", "Rahman"),
            ("officer2", Role.CASE_OFFICER, "Luke", "Ashdown"),
            ("supervisor", Role.SUPERVISOR, "Claire", "Whitmore"),
            ("partner", Role.PARTNER_WORKER, "Owen", "Driscoll"),
            ("analyst", Role.ANALYST, "Hannah", "Voss"),
            ("admin", Role.ADMINISTRATOR, "Gary", "Pemberton"),
            ("auditor", Role.AUDITOR, "Imran", "Sheikh"),
        ],
    ),
    *_staff(
        "MEDWAY",
        "medway",
        [
            ("handler", Role.CALL_HANDLER, "Aisha", "Barker"),
            ("officer", Role.CASE_OFFICER, "Callum", "Reid"),
            ("officer2", Role.CASE_OFFICER, "Maria", "Novak"),
            ("supervisor", Role.SUPERVISOR, "Steve", "Okoro"),
        ],
    ),
    *_staff(
        "CANTERBURY",
        "canterbury",
        [
            ("handler", Role.CALL_HANDLER, "Fiona", "Gale"),
            ("officer", Role.CASE_OFFICER, "Raj", "Pillai"),
            ("supervisor", Role.SUPERVISOR, "Helen", "Marsh"),
        ],
    ),
    *[
        UserSeed(
            f"{district.username}.officer", district.council_code, Role.CASE_OFFICER, first, last
        )
        for district, (first, last) in zip(
            [d for d in DISTRICTS if d.council_code not in {"MAIDSTONE", "MEDWAY", "CANTERBURY"}],
            [
                ("Lucy", "Harding"),
                ("Mark", "Doyle"),
                ("Ellie", "Sutton"),
                ("Paul", "Kemp"),
                ("Zara", "Quinn"),
                ("Neil", "Parry"),
                ("Gemma", "Holt"),
                ("Imran", "Aziz"),
                ("Bethan", "Crowe"),
                ("Chris", "Tanner"),
            ],
            strict=True,
        )
    ],
    *_staff(
        "WMH",
        "wmh",
        [
            ("officer", Role.CASE_OFFICER, "Tariq", "Malik"),
            ("supervisor", Role.SUPERVISOR, "Joanne", "Fenwick"),
            ("partner", Role.PARTNER_WORKER, "Leah", "Stannard"),
        ],
    ),
    *_staff(
        "KCC",
        "kcc",
        [
            ("warden", Role.CASE_OFFICER, "Dan", "Ogilvie"),
            ("supervisor", Role.SUPERVISOR, "Sandra", "Lyle"),
            ("analyst", Role.ANALYST, "Peter", "Moran"),
        ],
    ),
    UserSeed("fire.partner", "KFRS", Role.PARTNER_WORKER, "Gareth", "Lund"),
    UserSeed("probation.partner", "PROBATION", Role.PARTNER_WORKER, "Yvonne", "Petrie"),
    UserSeed("yos.partner", "YOS", Role.PARTNER_WORKER, "Marcus", "Bell"),
    UserSeed("health.partner", "NHSKENT", Role.PARTNER_WORKER, "Anjali", "Desai"),
    UserSeed("socialcare.partner", "KCCSOC", Role.PARTNER_WORKER, "Rhiannon", "Pryce"),
    UserSeed("victimsupport.partner", "VICTIMSUP", Role.PARTNER_WORKER, "Grace", "Adeyemi"),
    UserSeed("mediation.partner", "MEDIATION", Role.PARTNER_WORKER, "Simon", "Ashby"),
)
SUPERUSER = UserSeed("admin", "KCC", Role.ADMINISTRATOR, "Demo", "Administrator")

# --------------------------------------------------------------------------------------------
# Invented residents and reports
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Leo",
    "Alfie",
    "Joshua",
    "Freddie",
    "Daniel",
    "Mohammed",
    "Adam",
    "Ryan",
    "Connor",
    "Amelia",
    "Olivia",
    "Isla",
    "Emily",
    "Ava",
    "Jessica",
    "Lily",
    "Sophie",
    "Grace",
    "Mia",
    "Chloe",
    "Ella",
    "Evie",
    "Ruby",
    "Poppy",
    "Charlotte",
    "Megan",
    "Fatima",
    "Hannah",
    "Zoe",
    "Susan",
    "Margaret",
    "Patricia",
    "Janet",
    "Carol",
    "David",
    "Michael",
    "Stephen",
    "Kevin",
    "Gary",
    "Karen",
    "Tracey",
    "Denise",
    "Amir",
    "Kwame",
    "Agnieszka",
    "Tomasz",
    "Priya",
    "Sunita",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Ahmed",
    "Singh",
    "Lewis",
    "Harris",
    "Martin",
    "Cooper",
    "King",
    "Baker",
    "Hill",
    "Moore",
    "Ward",
    "Turner",
    "Carter",
    "Phillips",
    "Mitchell",
    "Shaw",
    "Lee",
    "Morris",
    "Hughes",
    "Edwards",
    "Begum",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Osei",
    "Price",
    "Bennett",
    "Gray",
    "Cox",
    "Fox",
    "Knight",
    "Marshall",
    "Palmer",
    "Russell",
    "Webb",
    "Lloyd",
)
STREETS = (
    "Acorn Close",
    "Beech Avenue",
    "Cherry Tree Road",
    "Damson Way",
    "Elm Grove",
    "Foxglove Lane",
    "Hazel Drive",
    "Hop Garden Road",
    "Kestrel Court",
    "Lavender Walk",
    "Maple Crescent",
    "Oast House Way",
    "Pear Tree Close",
    "Quince Lane",
    "Rowan Road",
    "Sorrel Gardens",
    "Tern Close",
    "Wheatfield Road",
    "Yew Tree Place",
    "Bramley Way",
    "Cobnut Close",
    "Hawthorn Rise",
    "Kingfisher Drive",
    "Mill Pond Road",
    "Orchard Street",
    "Chalk Pit Lane",
    "Shingle Way",
    "Harbour Row",
    "Station Approach",
    "Windmill Street",
)


@dataclass(frozen=True)
class TypeProfile:
    categories: tuple[str, ...]  # the first is the usual one
    weight: int
    descriptions: tuple[str, ...]
    perpetrator_chance: float
    companions: tuple[str, ...] = ()  # types often reported alongside


TYPE_PROFILES: dict[str, TypeProfile] = {
    "noise": TypeProfile(
        ("nuisance", "personal"),
        14,
        (
            "Loud music from the neighbouring flat most nights until after 2am.",
            "Repeated shouting, banging and doors slamming through the party wall late at night.",
            "Amplified music and a gathering in the back garden into the early hours.",
        ),
        0.8,
        ("nuisance-neighbours",),
    ),
    "nuisance-neighbours": TypeProfile(
        ("personal", "nuisance"),
        12,
        (
            "Neighbours' visitors park across the caller's drive and swear at her when asked to move.",
            "Ongoing dispute: rubbish thrown over the fence and the caller's garden furniture moved.",
            "Neighbour's dog barks for hours while they are out; abuse when the caller raises it.",
        ),
        0.9,
        ("noise", "harassment-intimidation"),
    ),
    "rowdy-behaviour": TypeProfile(
        ("nuisance",),
        12,
        (
            "Young people gathering outside the shops, shouting and kicking a ball at windows.",
            "Crowd leaving the pub at closing time, fighting and shouting in the street.",
            "Teenagers climbing on the bus shelter roof and throwing stones at passing cars.",
        ),
        0.4,
        ("street-drinking", "damage-to-property"),
    ),
    "vehicle-nuisance": TypeProfile(
        ("nuisance",),
        6,
        (
            "Motorbikes ridden at speed across the recreation ground and footpaths.",
            "Cars meeting in the retail park at night, revving engines and doing doughnuts.",
        ),
        0.3,
    ),
    "vehicle-abandoned": TypeProfile(
        ("environmental",),
        4,
        (
            "Car with no number plates left on the verge for over three weeks, windows smashed.",
            "Burnt-out van abandoned in the lay-by.",
        ),
        0.0,
    ),
    "littering-drugs-paraphernalia": TypeProfile(
        ("environmental",),
        4,
        (
            "Used needles and nitrous oxide canisters found in the children's play area.",
            "Drug bags and foil left on the stairwell of the flats every morning.",
        ),
        0.1,
    ),
    "fly-tipping": TypeProfile(
        ("environmental",),
        8,
        (
            "Mattresses, rubble and black bags dumped in the lay-by.",
            "Builder's waste tipped at the entrance to the allotments overnight.",
        ),
        0.1,
    ),
    "graffiti": TypeProfile(
        ("environmental",),
        5,
        (
            "Offensive graffiti sprayed on the underpass and the bus shelter.",
            "Tags sprayed across the front of the community centre and three garage doors.",
        ),
        0.2,
    ),
    "animal-problems": TypeProfile(
        ("environmental", "personal"),
        4,
        (
            "Dog off the lead rushing at children; the owner refuses to control it.",
            "Persistent dog fouling on the footpath outside the primary school.",
        ),
        0.5,
    ),
    "trespass": TypeProfile(
        ("nuisance",),
        3,
        (
            "People climbing into the disused garage block at night and lighting fires.",
            "Young people getting onto the school roof after hours.",
        ),
        0.3,
    ),
    "malicious-communications": TypeProfile(
        ("personal",),
        5,
        (
            "Abusive messages about the caller posted on a local social media group.",
            "Anonymous letters pushed through the door calling the family names.",
        ),
        0.6,
    ),
    "street-drinking": TypeProfile(
        ("nuisance",),
        5,
        (
            "Street drinking on the benches by the war memorial, with urinating in doorways.",
            "Group drinking in the churchyard daily, shouting at people walking through.",
        ),
        0.3,
    ),
    "drug-dealing-use": TypeProfile(
        ("nuisance",),
        7,
        (
            "Suspected drug dealing from a car parked outside; visitors at all hours.",
            "Strong smell of cannabis from the flat below and a stream of short visits.",
        ),
        0.6,
    ),
    "prostitution": TypeProfile(
        ("nuisance",), 1, ("Kerb-crawling reported on the industrial estate late at night.",), 0.0
    ),
    "begging-vagrancy": TypeProfile(
        ("nuisance",),
        2,
        (
            "Aggressive begging at the cash machine outside the supermarket.",
            "Tent pitched in the shop doorway; shoppers asked for money as they leave.",
        ),
        0.3,
    ),
    "fireworks": TypeProfile(
        ("nuisance",),
        3,
        (
            "Fireworks thrown at passing cars and into back gardens.",
            "Rockets set off towards the flats late at night, frightening elderly residents.",
        ),
        0.4,
    ),
    "harassment-intimidation": TypeProfile(
        ("personal",),
        9,
        (
            "Neighbour's family stand at the fence shouting abuse whenever the caller goes out.",
            "Caller followed home from the bus stop by the same group three days running.",
            "Young people knocking on the door and running off, calling the resident names.",
        ),
        0.8,
        ("nuisance-neighbours", "malicious-communications"),
    ),
    "threats-violence": TypeProfile(
        ("personal",),
        5,
        (
            "Caller threatened with a knife by a neighbour during an argument over parking.",
            "Resident punched outside the shop after asking a group to stop swearing.",
            "Neighbour threatened to burn the caller's house down.",
        ),
        0.95,
        ("harassment-intimidation",),
    ),
    "damage-to-property": TypeProfile(
        ("environmental", "personal"),
        6,
        (
            "Car tyres slashed and a wing mirror broken overnight.",
            "Garden fence kicked down and plant pots smashed.",
            "Communal door entry system broken for the third time this month.",
        ),
        0.4,
    ),
    "misuse-of-property": TypeProfile(
        ("nuisance",),
        2,
        (
            "Flat believed to be taken over for drug supply; the vulnerable tenant is rarely seen.",
            "House in multiple occupation with constant parties and people sleeping in the garden.",
        ),
        0.7,
        ("drug-dealing-use",),
    ),
    "other": TypeProfile(
        ("nuisance",),
        2,
        (
            "Children repeatedly ringing doorbells and running off late in the evening.",
            "Shopping trolleys pushed into the stream by the footbridge.",
        ),
        0.2,
    ),
}

HATE_DESCRIPTIONS: dict[str, str] = {
    "race": "Racist abuse shouted at the caller and her children on the way to school.",
    "religion-belief": "Eggs thrown at the front door and religious slurs shouted from the road.",
    "sexual-orientation": "Homophobic graffiti sprayed on the couple's car outside their home.",
    "disability": "Caller, a wheelchair user, mocked and blocked from passing by teenagers.",
    "transgender-identity": "Caller followed and abused with transphobic comments at a bus stop.",
    "other": "Caller targeted with abuse because of his alternative clothing and hair.",
}
HATE_TYPES = ("harassment-intimidation", "malicious-communications", "damage-to-property")

# Where reports come in: the work queues of Maidstone and the police are the fullest.
RECEIVING_WEIGHTS: dict[str, int] = {
    "MAIDSTONE": 60,
    "KENTPOL": 50,
    "MEDWAY": 12,
    "CANTERBURY": 10,
    "WMH": 8,
    "KCC": 4,
    "ASHFORD": 3,
    "DARTFORD": 3,
    "DOVER": 3,
    "FOLKESTONE": 3,
    "GRAVESHAM": 3,
    "SEVENOAKS": 3,
    "SWALE": 3,
    "THANET": 3,
    "TONBRIDGE": 3,
    "TUNBRIDGEWELLS": 3,
}
WEST_KENT = ("E07000110", "E07000111", "E07000115", "E07000116")  # WMH's districts
CHANNELS: dict[str, tuple[str, ...]] = {
    "police": (Channel.PHONE, Channel.PHONE, Channel.WEB, Channel.IN_PERSON),
    "council": (Channel.PHONE, Channel.WEB, Channel.WEB, Channel.EMAIL, Channel.IN_PERSON),
    "housing": (Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON),
}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    districts: int = 0
    wards: int = 0
    postcodes: int = 0
    agencies: int = 0
    users_created: int = 0
    users: int = 0
    incidents_created: int = 0
    incidents: int = 0
    cases: int = 0
    people: int = 0
    cases_by_status: dict[str, int] = field(default_factory=dict)
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, agency


def seed_demo() -> DemoSummary:
    """Load (or top up) the demo partnership. Safe to run again: nothing is duplicated."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    now = timezone.now()
    with transaction.atomic():
        partnership, districts, wards = _seed_areas()
        postcodes = _seed_postcodes(wards)
        agencies = _seed_agencies(partnership, districts)
        users, created = _seed_users(agencies)
        incidents_created = 0
        if not Incident.objects.filter(created_by__in=users.values()).exists():
            world = _World(
                rng=rng, now=now, agencies=agencies, users=users, wards=wards, postcodes=postcodes
            )
            incidents_created = world.load()
        seed_data_protection(users=users, now=now)
        _seed_sharing(agencies=agencies, users=users, now=now)
    return _summary(users=users, users_created=created, incidents_created=incidents_created)


def _seed_areas() -> tuple[Area, dict[str, Area], dict[str, list[Area]]]:
    partnership, _ = Area.objects.update_or_create(
        ons_code=PARTNERSHIP_CODE,
        defaults={"name": PARTNERSHIP_NAME, "kind": AreaKind.PARTNERSHIP, "parent": None},
    )
    districts: dict[str, Area] = {}
    wards: dict[str, list[Area]] = {}
    number = 0
    for seed in DISTRICTS:
        district, _ = Area.objects.update_or_create(
            ons_code=seed.ons_code,
            defaults={"name": seed.name, "kind": AreaKind.DISTRICT, "parent": partnership},
        )
        districts[seed.ons_code] = district
        wards[seed.ons_code] = []
        for index, name in enumerate(seed.wards):
            number += 1
            ward, _ = Area.objects.update_or_create(
                ons_code=f"{WARD_CODE_PREFIX}{number:05d}",
                defaults={
                    "name": name,
                    "kind": AreaKind.WARD,
                    "parent": district,
                    "boundary": ward_boundary(seed, index),
                },
            )
            wards[seed.ons_code].append(ward)
    return partnership, districts, wards


def _seed_postcodes(wards: dict[str, list[Area]]) -> dict[int, list[Postcode]]:
    """A few invented postcodes per ward, on the district's real outward codes."""
    existing = {row.postcode: row for row in Postcode.objects.all()}
    result: dict[int, list[Postcode]] = {}
    to_create: list[Postcode] = []
    for seed in DISTRICTS:
        used: Counter[str] = Counter()
        for index, ward in enumerate(wards[seed.ons_code]):
            outward = seed.outward_codes[index % len(seed.outward_codes)]
            south, west, north, east = ward_rectangle(seed, index)
            result[ward.pk] = []
            for number in range(POSTCODES_PER_WARD):
                slot = used[outward]
                used[outward] += 1
                first, second = divmod(slot, len(_INWARD_SECOND))
                code = f"{outward} 9{_INWARD_FIRST[first]}{_INWARD_SECOND[second]}"
                # Spread the points over the inner part of the rectangle, never on its edge.
                fraction_lat = 0.2 + 0.6 * ((number * 7 + index * 3) % 10) / 9
                fraction_lon = 0.2 + 0.6 * ((number * 3 + index * 5) % 10) / 9
                latitude = _decimal(south + (north - south) * fraction_lat)
                longitude = _decimal(west + (east - west) * fraction_lon)
                row = existing.get(code)
                if row is None:
                    row = Postcode(postcode=code, ward=ward, latitude=latitude, longitude=longitude)
                    to_create.append(row)
                elif (row.ward_id, row.latitude, row.longitude) != (ward.pk, latitude, longitude):
                    row.ward, row.latitude, row.longitude = ward, latitude, longitude
                    row.save(update_fields=["ward", "latitude", "longitude"])
                result[ward.pk].append(row)
    Postcode.objects.bulk_create(to_create)
    return result


def _seed_agencies(partnership: Area, districts: dict[str, Area]) -> dict[str, Agency]:
    seeds = [
        *PARTNER_AGENCIES,
        *(
            AgencySeed(d.council_code, d.council_name, AgencyKind.COUNCIL, d.ons_code)
            for d in DISTRICTS
        ),
    ]
    agencies: dict[str, Agency] = {}
    for seed in seeds:
        area = districts[seed.district] if seed.district else partnership
        agency, _ = Agency.objects.update_or_create(
            code=seed.code, defaults={"name": seed.name, "kind": seed.kind, "area": area}
        )
        agencies[seed.code] = agency
    return agencies


def _seed_users(agencies: dict[str, Agency]) -> tuple[dict[str, User], int]:
    existing = {
        user.username: user
        for user in User.objects.filter(
            username__in=[seed.username for seed in (*DEMO_USERS, SUPERUSER)]
        )
    }
    users: dict[str, User] = {}
    created = 0
    for seed in (*DEMO_USERS, SUPERUSER):
        user = existing.get(seed.username)
        if user is None:
            user = user_create(
                username=seed.username,
                agency=agencies[seed.agency],
                role=seed.role,
                password=DEMO_PASSWORD,
                first_name=seed.first_name,
                last_name=seed.last_name,
                email=f"{seed.username}@example.com",
                check_password=False,
            )
            created += 1
            if seed is SUPERUSER:
                user.is_superuser = True
                user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        users[seed.username] = user
    return users, created


def _summary(*, users: dict[str, User], users_created: int, incidents_created: int) -> DemoSummary:
    demo_cases = Case.objects.filter(incidents__created_by__in=users.values()).distinct()
    by_status = Counter(demo_cases.values_list("status", flat=True))
    return DemoSummary(
        districts=Area.objects.filter(
            kind=AreaKind.DISTRICT, parent__ons_code=PARTNERSHIP_CODE
        ).count(),
        wards=Area.objects.filter(
            kind=AreaKind.WARD, ons_code__startswith=WARD_CODE_PREFIX
        ).count(),
        postcodes=Postcode.objects.filter(ward__ons_code__startswith=WARD_CODE_PREFIX).count(),
        agencies=Agency.objects.count(),
        users_created=users_created,
        users=len(users),
        incidents_created=incidents_created,
        incidents=Incident.objects.filter(created_by__in=users.values()).count(),
        cases=sum(by_status.values()),
        people=Person.objects.filter(involvements__incident__created_by__in=users.values())
        .distinct()
        .count(),
        cases_by_status={status.label: by_status.get(status.value, 0) for status in CaseStatus},
        sign_ins=[
            (user.username, user.get_role_display(), user.agency.name if user.agency else "")
            for user in users.values()
        ],
    )


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


# --------------------------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    """An invented resident; the first incident naming them creates the Person."""

    key: str
    details: PersonDetails


@dataclass
class IncidentSeed:
    reported_at: datetime
    agency: str
    actor: str
    ward: Area
    address: str
    postcode: Postcode
    category: str
    types: list[str]
    description: str
    channel: str
    people: list[tuple[str, Persona]]
    case_key: str  # incidents with the same key share a case; the first opens it
    officer: str | None = None
    hate_strands: list[str] = field(default_factory=list)
    domestic_abuse: bool = False
    crime_reference: str = ""
    delay_minutes: int = 60  # between it happening and being reported


@dataclass
class _OpenCase:
    key: str
    agency: str
    ward: Area
    address: str
    postcode: Postcode
    category: str
    types: list[str]
    opened_at: datetime
    people: list[tuple[str, Persona]]
    officer: str | None


class _World:
    """Draws the demo incidents and logs them through the intake service, oldest first."""

    def __init__(
        self,
        *,
        rng: random.Random,
        now: datetime,
        agencies: dict[str, Agency],
        users: dict[str, User],
        wards: dict[str, list[Area]],
        postcodes: dict[int, list[Postcode]],
    ) -> None:
        self.rng = rng
        self.now = now
        self.agencies = agencies
        self.users = users
        self.wards = wards
        self.postcodes = postcodes
        self.district_by_code = {d.ons_code: d for d in DISTRICTS}
        self.district_by_council = {d.council_code: d for d in DISTRICTS}
        self.ward_district = {w.pk: code for code, rows in wards.items() for w in rows}
        self.categories = {row.code: row for row in Category.objects.all()}
        self.types = {row.code: row for row in IncidentType.objects.all()}
        self.strands = {row.code: row for row in HateStrand.objects.all()}
        phones = [f"07700 900{number:03d}" for number in range(1000)]
        rng.shuffle(phones)
        self.phones = phones
        self.emails = 0
        self.personas = 0
        self.case_status: dict[str, CaseStatus] = {}
        self.staff: dict[tuple[str, Role], list[str]] = {}
        for seed in DEMO_USERS:
            self.staff.setdefault((seed.agency, seed.role), []).append(seed.username)

    # ---- drawing -------------------------------------------------------------------------

    def load(self) -> int:
        seeds = self._storylines()
        seeds += self._fill(INCIDENT_COUNT - len(seeds))
        seeds.sort(key=lambda seed: seed.reported_at)
        return self._log(seeds)

    def _when(self, days_ago: float) -> datetime:
        """A report time ``days_ago`` days back, during the day, never in the future."""
        day = timezone.localtime(self.now - timedelta(days=days_ago))
        reported = day.replace(
            hour=self.rng.randint(8, 21), minute=self.rng.randint(0, 59), second=0, microsecond=0
        )
        return min(reported, self.now - timedelta(minutes=self.rng.randint(20, 180)))

    def _person(
        self,
        *,
        ward: Area,
        address: str = "",
        postcode: Postcode | None = None,
        age: tuple[int, int] = (18, 85),
        contact: bool = True,
        first_name: str = "",
        last_name: str = "",
    ) -> Persona:
        rng = self.rng
        self.personas += 1
        first = first_name or rng.choice(FIRST_NAMES)
        last = last_name or rng.choice(LAST_NAMES)
        born: date | None = None
        if rng.random() < 0.6:
            years = rng.randint(*age)
            born = date(self.now.year - years, rng.randint(1, 12), rng.randint(1, 28))
        phone = ""
        if contact and rng.random() < 0.8 and self.phones:
            phone = self.phones.pop()
        email = ""
        if contact and rng.random() < 0.4:
            self.emails += 1
            email = f"{first}.{last}{self.emails}@example.com".lower()
        if not address:
            address, postcode = self._place(ward)
        details = PersonDetails(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            address=address,
            postcode=postcode.postcode if postcode else "",
            phone=phone,
            email=email,
            preferred_channel=rng.choice(list(ContactChannel.values)) if contact else "",
        )
        return Persona(key=f"person-{self.personas}", details=details)

    def _address(self, ward: Area) -> str:
        town = self.district_by_code[self.ward_district[ward.pk]].town
        return f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}, {town}"

    def _place(self, ward: Area) -> tuple[str, Postcode]:
        return self._address(ward), self.rng.choice(self.postcodes[ward.pk])

    def _ward_named(self, name: str) -> Area:
        return next(ward for rows in self.wards.values() for ward in rows if ward.name == name)

    def _actor(self, agency: str) -> str:
        handlers = self.staff.get((agency, Role.CALL_HANDLER), [])
        officers = self.staff.get((agency, Role.CASE_OFFICER), [])
        if handlers and (not officers or self.rng.random() < 0.75):
            return self.rng.choice(handlers)
        return self.rng.choice(officers)

    def _officer(self, agency: str, days_ago: float) -> str | None:
        officers = self.staff.get((agency, Role.CASE_OFFICER), [])
        if not officers or (days_ago < 21 and self.rng.random() < 0.4):
            return None  # new and not yet allocated
        if agency == "MAIDSTONE":
            return FULL_QUEUE_OFFICER if self.rng.random() < 0.65 else "maidstone.officer2"
        return self.rng.choice(officers)

    def _ward_for(self, agency: str) -> Area:
        district = self.district_by_council.get(agency)
        if district is not None:
            return self.rng.choice(self.wards[district.ons_code])
        if agency == "WMH":
            return self.rng.choice([w for code in WEST_KENT for w in self.wards[code]])
        # Police and county: anywhere, with Maidstone a little busier.
        pool = [w for rows in self.wards.values() for w in rows]
        pool += self.wards["E07000110"] * 3
        return self.rng.choice(pool)

    def _channel(self, agency: str) -> str:
        kind = self.agencies[agency].kind
        if kind == AgencyKind.POLICE:
            return self.rng.choice(CHANNELS["police"])
        if kind == AgencyKind.HOUSING:
            return self.rng.choice(CHANNELS["housing"])
        if agency == "KCC":
            return self.rng.choice((Channel.PARTNER_REFERRAL, Channel.PHONE, Channel.OTHER))
        return self.rng.choice(CHANNELS["council"])

    def _crime_reference(self, at: datetime) -> str:
        return f"46/{self.rng.randint(10000, 99999)}/{at:%y}"

    def _seed(
        self,
        *,
        days_ago: float,
        agency: str,
        ward: Area,
        case_key: str,
        category: str,
        types: list[str],
        description: str,
        people: list[tuple[str, Persona]],
        address: str = "",
        postcode: Postcode | None = None,
        officer: str | None = None,
        hate_strands: Sequence[str] = (),
        domestic_abuse: bool = False,
        crime_reference: bool = False,
        actor: str = "",
    ) -> IncidentSeed:
        reported_at = self._when(days_ago)
        if not address:
            address, postcode = self._place(ward)
        assert postcode is not None
        return IncidentSeed(
            reported_at=reported_at,
            agency=agency,
            actor=actor or self._actor(agency),
            ward=ward,
            address=address,
            postcode=postcode,
            category=category,
            types=types,
            description=description,
            channel=self._channel(agency),
            people=people,
            case_key=case_key,
            officer=officer,
            hate_strands=list(hate_strands),
            domestic_abuse=domestic_abuse,
            crime_reference=self._crime_reference(reported_at) if crime_reference else "",
            delay_minutes=self.rng.randint(5, 60 * 48),
        )

    def _storylines(self) -> list[IncidentSeed]:
        """Hand-written threads: repeat victims across agencies, hate, domestic abuse."""
        seeds: list[IncidentSeed] = []
        v = PersonRole.VICTIM
        p = PersonRole.ALLEGED_PERPETRATOR
        w = PersonRole.WITNESS

        # A. An older resident harassed by a neighbour's family reports to the council, the
        #    police and her landlord: a Case Review (Community Trigger) candidate.
        ward = self._ward_named("Orchard Park")
        home, home_postcode = self._place(ward)
        victim = self._person(
            ward=ward, address=home, age=(70, 80), first_name="Eileen", last_name="Pickering"
        )
        neighbour = self._person(ward=ward, age=(19, 25), contact=False)
        for days, agency, key, category, types, text, extra in (
            (
                150,
                "MAIDSTONE",
                "A-council",
                "personal",
                ["harassment-intimidation"],
                "Neighbour's son and friends shout abuse at the caller from the shared path and "
                "bang on her windows.",
                [],
            ),
            (
                121,
                "KENTPOL",
                "A-police",
                "personal",
                ["threats-violence"],
                "Caller told by the neighbour's son he would 'sort her out' if she called the council "
                "again.",
                [(w, self._person(ward=ward))],
            ),
            (
                96,
                "MAIDSTONE",
                "A-council",
                "personal",
                ["rowdy-behaviour", "harassment-intimidation"],
                "Further abuse and a football kicked repeatedly at her door late in the evening.",
                [],
            ),
            (
                61,
                "WMH",
                "A-housing",
                "personal",
                ["nuisance-neighbours"],
                "Tenant reports the household next door for noise and intimidation; asks for a move.",
                [],
            ),
            (
                19,
                "MAIDSTONE",
                "A-council",
                "personal",
                ["damage-to-property"],
                "Caller's garden gate torn off and plants pulled up overnight.",
                [],
            ),
        ):
            seeds.append(
                self._seed(
                    days_ago=days,
                    agency=agency,
                    ward=ward,
                    case_key=key,
                    category=category,
                    types=types,
                    description=text,
                    address=home,
                    postcode=home_postcode,
                    people=[(v, victim), (p, neighbour), *extra],
                    officer={
                        "A-council": "maidstone.officer",
                        "A-police": "police.officer",
                        "A-housing": "wmh.officer",
                    }[key],
                    crime_reference=agency == "KENTPOL",
                )
            )
        self.case_status.update(
            {
                "A-council": CaseStatus.IN_PROGRESS,
                "A-police": CaseStatus.CLOSED,
                "A-housing": CaseStatus.IN_PROGRESS,
            }
        )

        # B. Race hate against a family in Medway, reported to the council and twice to police.
        ward = self._ward_named("Dockside")
        home, home_postcode = self._place(ward)
        victim = self._person(
            ward=ward, address=home, age=(30, 45), first_name="Amir", last_name="Hussain"
        )
        for days, agency, key, types, strands, text in (
            (
                205,
                "MEDWAY",
                "B-council",
                ["harassment-intimidation"],
                ["race"],
                "Racist abuse shouted at the caller and his children outside their home.",
            ),
            (
                176,
                "KENTPOL",
                "B-police",
                ["damage-to-property"],
                ["race"],
                "Racist graffiti sprayed on the family's front door and car.",
            ),
            (
                140,
                "MEDWAY",
                "B-council",
                ["malicious-communications"],
                ["race"],
                "A racist note pushed through the letterbox.",
            ),
            (
                33,
                "KENTPOL",
                "B-police-2",
                ["threats-violence"],
                ["race", "religion-belief"],
                "Caller threatened in the street by two men referring to his faith and colour.",
            ),
        ):
            seeds.append(
                self._seed(
                    days_ago=days,
                    agency=agency,
                    ward=ward,
                    case_key=key,
                    category="personal",
                    types=types,
                    description=text,
                    address=home,
                    postcode=home_postcode,
                    people=[(v, victim)],
                    hate_strands=strands,
                    crime_reference=agency == "KENTPOL",
                    officer={
                        "B-council": "medway.officer",
                        "B-police": "police.officer2",
                        "B-police-2": "police.officer",
                    }[key],
                )
            )
        self.case_status.update(
            {
                "B-council": CaseStatus.CLOSED,
                "B-police": CaseStatus.CLOSED,
                "B-police-2": CaseStatus.IN_PROGRESS,
            }
        )

        # C. A noise case in Canterbury with three complaints from the same resident.
        ward = self._ward_named("Westgate Meadows")
        home, home_postcode = self._place(ward)
        victim = self._person(ward=ward, address=home, age=(25, 60))
        source = self._person(ward=ward, age=(20, 40), contact=False)
        for days in (84, 52, 11):
            seeds.append(
                self._seed(
                    days_ago=days,
                    agency="CANTERBURY",
                    ward=ward,
                    case_key="C-noise",
                    category="nuisance",
                    types=["noise"],
                    description="Loud music and parties from the flat upstairs, most nights until "
                    "after 3am.",
                    address=home,
                    postcode=home_postcode,
                    people=[(v, victim), (p, source)],
                    officer="canterbury.officer",
                )
            )
        self.case_status["C-noise"] = CaseStatus.ON_HOLD

        # D. Disability hate against a Maidstone resident, reported to the council and police.
        ward = self._ward_named("Kingsmead")
        home, home_postcode = self._place(ward)
        victim = self._person(ward=ward, address=home, age=(40, 60))
        for days, agency, key in (
            (44, "MAIDSTONE", "D-council"),
            (24, "KENTPOL", "D-police"),
            (23, "MAIDSTONE", "D-council"),
            (6, "MAIDSTONE", "D-council"),
        ):
            seeds.append(
                self._seed(
                    days_ago=days,
                    agency=agency,
                    ward=ward,
                    case_key=key,
                    category="personal",
                    types=["harassment-intimidation"],
                    description=HATE_DESCRIPTIONS["disability"],
                    address=home,
                    postcode=home_postcode,
                    people=[(v, victim)],
                    hate_strands=["disability"],
                    crime_reference=agency == "KENTPOL",
                    officer="maidstone.officer" if agency == "MAIDSTONE" else "police.officer",
                )
            )
        self.case_status.update({"D-council": CaseStatus.IN_PROGRESS, "D-police": CaseStatus.OPEN})

        # E. Domestic abuse flagged reports: their own workflow, specialist referrals.
        for number, (days, agency) in enumerate(
            ((300, "KENTPOL"), (160, "KENTPOL"), (70, "KENTPOL"), (27, "MAIDSTONE"), (9, "KENTPOL"))
        ):
            ward = self._ward_for(agency)
            address, postcode = self._place(ward)
            victim = self._person(ward=ward, address=address, age=(20, 50))
            former = self._person(ward=self._ward_for(agency), age=(20, 55), contact=False)
            seeds.append(
                self._seed(
                    days_ago=days,
                    agency=agency,
                    ward=ward,
                    case_key=f"E-{number}",
                    category="personal",
                    types=["threats-violence", "harassment-intimidation"],
                    description="Ex-partner came to the address shouting threats and damaged the door.",
                    address=address,
                    postcode=postcode,
                    people=[(v, victim), (p, former)],
                    domestic_abuse=True,
                    crime_reference=agency == "KENTPOL",
                    officer=self._officer(agency, days),
                )
            )

        # F. Hate incidents on every strand, at several agencies.
        strands = list(HATE_DESCRIPTIONS)
        for number, agency in enumerate(
            (
                "KENTPOL",
                "MAIDSTONE",
                "CANTERBURY",
                "KENTPOL",
                "THANET",
                "MEDWAY",
                "KENTPOL",
                "MAIDSTONE",
            )
        ):
            strand = strands[number % len(strands)]
            hate_days = self.rng.uniform(3, HISTORY_DAYS - 30)
            ward = self._ward_for(agency)
            address, postcode = self._place(ward)
            people: list[tuple[str, Persona]] = [(v, self._person(ward=ward, address=address))]
            if self.rng.random() < 0.5:
                people.append((p, self._person(ward=ward, age=(14, 40), contact=False)))
            seeds.append(
                self._seed(
                    days_ago=hate_days,
                    agency=agency,
                    ward=ward,
                    case_key=f"F-{number}",
                    category="personal",
                    types=[self.rng.choice(HATE_TYPES)],
                    description=HATE_DESCRIPTIONS[strand],
                    address=address,
                    postcode=postcode,
                    people=people,
                    hate_strands=[strand],
                    crime_reference=agency == "KENTPOL" or self.rng.random() < 0.3,
                    officer=self._officer(agency, hate_days),
                )
            )
        return seeds

    def _fill(self, count: int) -> list[IncidentSeed]:
        """Everyday reports: every type at least once, joined to open cases now and then."""
        rng = self.rng
        type_codes = list(TYPE_PROFILES)
        forced = type_codes[:]
        rng.shuffle(forced)
        days = sorted((HISTORY_DAYS * rng.random() ** 1.6 for _ in range(count)), reverse=True)
        agencies = list(RECEIVING_WEIGHTS)
        weights = list(RECEIVING_WEIGHTS.values())
        open_cases: list[_OpenCase] = []
        seeds: list[IncidentSeed] = []
        for number, days_ago in enumerate(days):
            agency = rng.choices(agencies, weights)[0]
            candidates = [
                case
                for case in open_cases
                if case.agency == agency
                and 2 <= (self.now - case.opened_at).total_seconds() / 86400 - days_ago <= 120
            ]
            if candidates and rng.random() < 0.2 and not forced:
                case = rng.choice(candidates)
                type_code = case.types[0]
                profile = TYPE_PROFILES[type_code]
                seeds.append(
                    self._seed(
                        days_ago=days_ago,
                        agency=agency,
                        ward=case.ward,
                        case_key=case.key,
                        category=case.category,
                        types=case.types,
                        description=f"Further report: {rng.choice(profile.descriptions).lower()}",
                        address=case.address,
                        postcode=case.postcode,
                        people=case.people,
                    )
                )
                continue

            type_code = (
                forced.pop()
                if forced
                else rng.choices(
                    type_codes, [profile.weight for profile in TYPE_PROFILES.values()]
                )[0]
            )
            profile = TYPE_PROFILES[type_code]
            category = profile.categories[0]
            if len(profile.categories) > 1 and rng.random() < 0.25:
                category = profile.categories[1]
            types = [type_code]
            if profile.companions and rng.random() < 0.3:
                types.append(rng.choice(profile.companions))
            ward = self._ward_for(agency)
            address, postcode = self._place(ward)
            people: list[tuple[str, Persona]] = []
            if category != "environmental" or rng.random() < 0.7:
                people.append(
                    (
                        PersonRole.VICTIM,
                        self._person(
                            ward=ward,
                            address=address if category != "environmental" else "",
                        ),
                    )
                )
            if rng.random() < profile.perpetrator_chance:
                people.append(
                    (
                        PersonRole.ALLEGED_PERPETRATOR,
                        self._person(
                            ward=ward,
                            age=(14, 60),
                            contact=rng.random() < 0.3,
                        ),
                    )
                )
            if rng.random() < 0.15:
                people.append((PersonRole.WITNESS, self._person(ward=ward)))
            key = f"fill-{number}"
            officer = self._officer(agency, days_ago)
            serious = any(self.types[code].serious for code in types)
            seed = self._seed(
                days_ago=days_ago,
                agency=agency,
                ward=ward,
                case_key=key,
                category=category,
                types=types,
                description=rng.choice(profile.descriptions),
                address=address,
                postcode=postcode,
                people=people,
                officer=officer,
                crime_reference=(
                    rng.random() < (0.8 if serious else 0.35 if agency == "KENTPOL" else 0.03)
                ),
            )
            seeds.append(seed)
            open_cases.append(
                _OpenCase(
                    key=key,
                    agency=agency,
                    ward=ward,
                    address=address,
                    postcode=postcode,
                    category=category,
                    types=types,
                    opened_at=seed.reported_at,
                    people=people,
                    officer=officer,
                )
            )
        return seeds

    # ---- logging through the service -----------------------------------------------------

    def _log(self, seeds: list[IncidentSeed]) -> int:
        people: dict[str, Person] = {}
        cases: dict[str, Case] = {}
        last_report: dict[str, datetime] = {}
        joined: list[Incident] = []
        for seed in seeds:
            case = cases.get(seed.case_key)
            report = IncidentReport(
                occurred_at=seed.reported_at - timedelta(minutes=seed.delay_minutes),
                reported_at=seed.reported_at,
                channel=seed.channel,
                receiving_agency=self.agencies[seed.agency],
                category=self.categories[seed.category],
                types=[self.types[code] for code in seed.types],
                description=seed.description,
                address=seed.address,
                postcode=seed.postcode.postcode,
                ward=seed.ward,
                latitude=seed.postcode.latitude,
                longitude=seed.postcode.longitude,
                hate_motivated=bool(seed.hate_strands),
                hate_strands=[self.strands[code] for code in seed.hate_strands],
                domestic_abuse=seed.domestic_abuse,
                crime_reference=seed.crime_reference,
                people=[
                    PersonInvolved(
                        role=role, details=persona.details, existing=people.get(persona.key)
                    )
                    for role, persona in seed.people
                ],
                case=case,
                officer=self.users[seed.officer] if seed.officer and case is None else None,
            )
            incident = incident_log(actor=self.users[seed.actor], report=report)
            involvements = list(
                IncidentPerson.objects.filter(incident=incident)
                .select_related("person")
                .order_by("id")
            )
            for (_, persona), involvement in zip(seed.people, involvements, strict=True):
                people.setdefault(persona.key, involvement.person)
            if case is None:
                cases[seed.case_key] = incident.case
            else:
                joined.append(incident)
            last_report[seed.case_key] = seed.reported_at
        self._backdate_timelines(cases=list(cases.values()), joined=joined)
        self._set_statuses(cases=cases, last_report=last_report)
        return len(seeds)

    def _backdate_timelines(self, *, cases: list[Case], joined: list[Incident]) -> None:
        """The services stamp timeline entries with the time of logging; the demo's history is
        spread over 18 months, so date them when the reports came in."""
        CaseEvent.objects.filter(kind=CaseEventKind.OPENED, case__in=cases).update(
            occurred_at=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("opened_at"))
        )
        for incident in joined:
            CaseEvent.objects.filter(
                case_id=incident.case_id,
                kind=CaseEventKind.INCIDENT_ADDED,
                summary__contains=incident.reference,
            ).update(occurred_at=incident.reported_at)

    def _set_statuses(self, *, cases: dict[str, Case], last_report: dict[str, datetime]) -> None:
        rng = self.rng
        chosen: dict[str, CaseStatus] = {}
        for key, case in cases.items():
            age = (self.now - last_report[key]).days
            if key in self.case_status:
                status = self.case_status[key]
            elif age < 10:
                status = CaseStatus.OPEN if rng.random() < 0.6 else CaseStatus.IN_PROGRESS
            elif age < 21:
                status = CaseStatus.OPEN if rng.random() < 0.2 else CaseStatus.IN_PROGRESS
            elif age < 90:
                status = rng.choices(
                    [
                        CaseStatus.OPEN,
                        CaseStatus.IN_PROGRESS,
                        CaseStatus.ON_HOLD,
                        CaseStatus.CLOSED,
                    ],
                    [5, 60, 15, 20],
                )[0]
            elif age < 180:
                status = rng.choices(
                    [CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD, CaseStatus.CLOSED], [30, 15, 55]
                )[0]
            else:
                status = rng.choices(
                    [CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD, CaseStatus.CLOSED], [8, 5, 87]
                )[0]
            if (
                status == CaseStatus.CLOSED
                and case.officer is not None
                and case.officer.username == FULL_QUEUE_OFFICER
                and age < 270
            ):
                # The officer the demo signs in as first keeps a full caseload.
                status = CaseStatus.IN_PROGRESS if rng.random() < 0.8 else CaseStatus.ON_HOLD
            if case.officer_id is None and status != CaseStatus.OPEN:
                status = CaseStatus.OPEN  # nobody has picked it up yet
            chosen[key] = status
        # Every status appears even if the draw missed one.
        for status in CaseStatus:
            if status not in chosen.values():
                key = next(k for k, c in cases.items() if c.officer_id is not None)
                chosen[key] = status
        for key, status in chosen.items():
            self._case_progress(case=cases[key], status=status, last=last_report[key])

    def _case_progress(self, *, case: Case, status: CaseStatus, last: datetime) -> None:
        """Walk a case through its statuses with timeline entries, as a caseworker would."""
        if status == CaseStatus.OPEN:
            return
        actor = case.officer or self.users[self._supervisor(case.lead_agency.code)]
        started = min(
            case.opened_at + timedelta(days=self.rng.randint(1, 5)), self.now - timedelta(hours=2)
        )
        steps: list[tuple[CaseStatus, datetime]] = [(CaseStatus.IN_PROGRESS, started)]
        if status == CaseStatus.ON_HOLD:
            steps.append((CaseStatus.ON_HOLD, self._between(max(started, last), self.now)))
        elif status == CaseStatus.CLOSED:
            closing = last + timedelta(days=self.rng.randint(14, 90))
            steps.append((CaseStatus.CLOSED, min(closing, self.now - timedelta(hours=1))))
        previous = CaseStatus.OPEN
        for new, at in steps:
            case_status_set(
                case=case, status=new, actor=actor, at=max(at, case.opened_at), previous=previous
            )
            previous = new
        if status == CaseStatus.CLOSED:
            case.next_deadline = None
        else:
            # First contact has been made; the next date is the officer's review.
            case.next_deadline = add_working_days(
                timezone.localdate(self.now), self.rng.randint(1, 20)
            )
        case.save(update_fields=["next_deadline", "updated_at"])

    def _between(self, start: datetime, end: datetime) -> datetime:
        span = max((end - start).total_seconds(), 0)
        return start + timedelta(seconds=span * self.rng.uniform(0.2, 0.8))

    def _supervisor(self, agency: str) -> str:
        for role in (Role.SUPERVISOR, Role.CASE_OFFICER, Role.CALL_HANDLER):
            names = self.staff.get((agency, role))
            if names:
                return names[0]
        raise LookupError(f"No demo staff in {agency}")


def case_status_set(
    *, case: Case, status: CaseStatus, actor: User, at: datetime, previous: CaseStatus
) -> None:
    """Demo-only stand-in for the case status services: set the status, record it."""
    case.status = status
    case.closed_at = at if status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.STATUS_CHANGED,
        occurred_at=at,
        actor=actor,
        summary=f"Status changed from {previous.label} to {status.label} by {actor.display_name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
        detail={"fields": ["status"], "status": status.value},
    )


# --------------------------------------------------------------------------------------------
# Information sharing: agreements, partnership rules and shares
# --------------------------------------------------------------------------------------------

ISA_LEGAL_BASIS = (
    "Crime and Disorder Act 1998 s.115 (disclosure to relevant authorities) and s.17; Anti-social "
    "Behaviour, Crime and Policing Act 2014; UK GDPR Article 6(1)(e) (public task)"
)
ISA_SPECIAL_CATEGORY = (
    "UK GDPR Article 9(2)(g) and Article 10, with DPA 2018 Schedule 1 paragraph 10 (preventing "
    "or detecting unlawful acts) and paragraph 18 (safeguarding of individuals at risk)"
)


def _seed_sharing(*, agencies: dict[str, Agency], users: dict[str, User], now: datetime) -> None:
    """The partnership's agreements register, its high-risk partnership rules switched on, and
    a few shares: a Maidstone case shared with its landlord (``wmh.partner`` sees it), a Kent
    Police case shared with Maidstone (``maidstone.partner`` sees it) and an expired share."""
    from tandem.sharing.models import AgreementStatus, CaseShare, PartnershipRule, SharingAgreement
    from tandem.sharing.services import case_share_grant, end_of_day

    today = timezone.localdate(now)
    asb, _ = SharingAgreement.objects.update_or_create(
        reference="KM-ASB-ISA-2025",
        defaults={
            "title": "Kent & Medway Anti-social Behaviour Information Sharing Agreement",
            "owner_agency": agencies["KCC"],
            "purpose": "Preventing and tackling anti-social behaviour and hate incidents, "
            "protecting victims and witnesses, and managing cases jointly through the Community "
            "Safety Partnerships.",
            "legal_basis": ISA_LEGAL_BASIS,
            "data_categories": "Names, dates of birth, addresses and contact details of victims, "
            "witnesses and alleged perpetrators; incident reports; risk assessments; case "
            "actions and outcomes.",
            "special_category_data": True,
            "special_category_condition": ISA_SPECIAL_CATEGORY,
            "starts_on": date(today.year - 1, 4, 1),
            "review_due": today + timedelta(days=150),
            "status": AgreementStatus.ACTIVE,
            "document_url": "https://example.com/isa/km-asb-isa-2025.pdf",
        },
    )
    asb.parties.set(agencies.values())
    tenancy, _ = SharingAgreement.objects.update_or_create(
        reference="WK-TENANCY-ISA",
        defaults={
            "title": "West Kent tenancy enforcement protocol",
            "owner_agency": agencies["WMH"],
            "purpose": "Tenancy enforcement and sustainment where tenants are victims or "
            "perpetrators of anti-social behaviour.",
            "legal_basis": "Crime and Disorder Act 1998 s.115; Housing Act 1996 Part V; UK GDPR "
            "Article 6(1)(e)",
            "data_categories": "Names and addresses of tenants and household members; incident "
            "details; enforcement action.",
            "starts_on": date(today.year - 3, 1, 1),
            "review_due": today - timedelta(days=20),  # overdue: flagged on the register
            "status": AgreementStatus.ACTIVE,
        },
    )
    tenancy.parties.set([agencies[code] for code in ("WMH", "MAIDSTONE", "KENTPOL")])
    ended, _ = SharingAgreement.objects.update_or_create(
        reference="KM-ASB-ISA-2019",
        defaults={
            "title": "Kent & Medway ASB Information Sharing Agreement (2019 edition)",
            "owner_agency": agencies["KCC"],
            "purpose": "Replaced by the 2025 agreement.",
            "legal_basis": ISA_LEGAL_BASIS,
            "data_categories": "As the 2025 agreement.",
            "starts_on": date(today.year - 7, 4, 1),
            "review_due": date(today.year - 1, 3, 31),
            "ends_on": date(today.year - 1, 3, 31),
            "status": AgreementStatus.ENDED,
        },
    )
    ended.parties.set(agencies.values())
    PartnershipRule.objects.filter(
        name__in=[
            "Police: high-risk cases in the force area",
            "District community safety: high-risk cases in the district",
        ]
    ).update(active=True, agreement=asb)

    def case_of(lead: str, **lookup: object) -> Case | None:
        return (
            Case.objects.filter(lead_agency__code=lead, **lookup)
            .order_by("opened_at", "pk")
            .first()
        )

    shares = [
        (
            case_of("MAIDSTONE", incidents__involvements__person__last_name="Pickering"),
            "WMH",
            "maidstone.supervisor",
            "Joint action with the landlord: the household next door are Weald & Medway Homes "
            "tenants.",
            today + timedelta(days=90),
        ),
        (
            case_of("KENTPOL", ward__name="Kingsmead", hate_motivated=True),
            "MAIDSTONE",
            "police.supervisor",
            "Joint problem-solving with the council's community safety team, which holds the "
            "victim's earlier reports.",
            None,
        ),
        (
            case_of("MEDWAY", incidents__involvements__person__last_name="Hussain"),
            "VICTIMSUP",
            "medway.supervisor",
            "Support for the family while the case was open.",
            today + timedelta(days=1),
        ),
    ]
    for case, agency, granter, purpose, until in shares:
        if case is None or CaseShare.objects.filter(case=case, agency=agencies[agency]).exists():
            continue
        share = case_share_grant(
            case=case,
            agency=agencies[agency],
            purpose=purpose,
            agreement=asb,
            expires_at=end_of_day(until) if until else None,
            actor=users[granter],
        )
        if agency == "VICTIMSUP":  # the expired one: granted 70 days ago for 60 days
            CaseShare.objects.filter(pk=share.pk).update(
                granted_at=now - timedelta(days=70),
                starts_at=now - timedelta(days=70),
                expires_at=end_of_day(today - timedelta(days=10)),
            )
