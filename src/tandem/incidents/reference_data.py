"""The partnership's default lists, from DOMAIN.md. Loaded by a data migration and editable in the
admin screens afterwards: local policy changes them, not code."""

CATEGORIES = [
    # code, name, default priority (2 = medium, 3 = standard), description
    (
        "personal",
        "Personal",
        2,
        "Targeted at, or impacting, an individual or group rather than the community at large.",
    ),
    ("nuisance", "Nuisance", 3, "Trouble, annoyance or suffering to the community in general."),
    ("environmental", "Environmental", 3, "Impact on the natural, built or social surroundings."),
]

INCIDENT_TYPES = [
    # code, name, serious
    ("vehicle-abandoned", "Vehicle abandoned", False),
    ("vehicle-nuisance", "Vehicle nuisance or inappropriate use", False),
    ("rowdy-behaviour", "Rowdy or inconsiderate behaviour", False),
    ("nuisance-neighbours", "Rowdy or nuisance neighbours", False),
    ("littering-drugs-paraphernalia", "Littering or drug paraphernalia", False),
    ("fly-tipping", "Fly-tipping", False),
    ("graffiti", "Graffiti", False),
    ("animal-problems", "Animal problems (including dog fouling and dangerous dogs)", False),
    ("trespass", "Trespass", False),
    ("malicious-communications", "Malicious or nuisance communications", False),
    ("street-drinking", "Street drinking", False),
    ("drug-dealing-use", "Drug dealing or use", False),
    ("prostitution", "Prostitution-related activity", False),
    ("noise", "Noise", False),
    ("begging-vagrancy", "Begging or vagrancy", False),
    ("fireworks", "Fireworks", False),
    ("harassment-intimidation", "Harassment or intimidation", False),
    ("threats-violence", "Threats or violence", True),
    ("damage-to-property", "Damage to property", False),
    (
        "misuse-of-property",
        "Misuse of property (including use of a home for illegal purposes)",
        False,
    ),
    ("other", "Other", False),
]

HATE_STRANDS = [
    ("race", "Race"),
    ("religion-belief", "Religion or belief"),
    ("sexual-orientation", "Sexual orientation"),
    ("disability", "Disability"),
    ("transgender-identity", "Transgender identity"),
    ("other", "Other"),
]

SERVICE_STANDARDS = [
    # code, name, working days, serious only
    ("first-contact", "First contact with the complainant", 5, False),
    ("serious-appointment", "Appointment offered in a serious case", 1, True),
]
