"""A seeded, invented population for measuring person matching: people, known duplicates of them
written the way people really get written down again, and hard negatives (namesakes and
relatives at the same address) that must not be taken for them."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rapidfuzz.distance import JaroWinkler

from tandem.people.keys import fold
from tandem.people.reference_data import NICKNAMES
from tandem.people.services import PersonDetails


def _words(text: str, sep: str = " ") -> list[str]:
    return [word for word in text.split(sep) if word]


FIRST_NAMES = _words(
    "Robert William Elizabeth Margaret James Katherine Catherine Michael Susan David Anthony "
    "Samuel Samantha Alexander Alexandra Richard Thomas Jonathan Christopher Patricia Rebecca "
    "Victoria Edward Matthew Nicholas Benjamin Daniel Joseph Charlotte Jennifer Deborah "
    "Andrew Stephen Peter Philip Timothy Gregory Frederick Abigail Eleanor Josephine Caroline "
    "Donald Kenneth Lawrence Leonard Ronald Valerie Rosemary Theodore Harold Henry Oliver "
    "Jessica Priya Aisha Mohammed Fatima Olumide Chidi Agnieszka Tomasz Siobhan Niamh Declan "
    "Aoife Grace Lucy Hannah Chloe Megan Sophie Amelia Isla Freya Poppy Ruby Ella Evie Mia "
    "Ivy Zara Noah Leo Arthur Oscar Harry George Jacob Charlie Freddie Alfie Archie Theo "
    "Finley Reggie Gemma Leanne Kerry Donna Tracey Wayne Darren Craig Lee Dean Gareth Rhys "
    "Owain Bethan Carys Mark Paul Neil Ian Keith Colin Graham Stuart Ross Fraser Hamish Morag "
    "Eilidh Kirsty Shona Aaliyah Imran Bilal Yusuf Amir Sana Noor Kwame Kofi Ama Adwoa Tunde "
    "Funmilayo Segun Bukola"
)

SURNAMES = _words(
    "Smith|Jones|Taylor|Brown|Williams|Wilson|Johnson|Davies|Robinson|Wright|Thompson|Evans|"
    "Walker|White|Roberts|Green|Hall|Wood|Jackson|Clarke|Patel|Khan|Lewis|James|Phillips|"
    "Mason|Mitchell|Rose|Davis|Rodriguez|Cox|Alexander|Morgan|Moore|Hughes|Edwards|Hill|"
    "Harris|Martin|Young|Allen|King|Scott|Baker|Adams|Campbell|Anderson|Cooper|Parker|Ward|"
    "Turner|Carter|Begum|Hussain|Ahmed|Ali|Shah|Rahman|Singh|Kaur|Kowalski|Nowak|Wisniewski|"
    "Okafor|Adeyemi|Mensah|Owusu|Murphy|Kelly|Byrne|Walsh|Ryan|Doyle|McCarthy|Gallagher|Quinn|"
    "Fitzgerald|Stewart|Macdonald|Fraser|Ferguson|Cameron|Reid|Murray|Henderson|Grant|"
    "Hamilton|Sinclair|Pritchard|Llewellyn|Vaughan|Price|Howells|Bevan|Powell|Jenkins|"
    "Griffiths|Morris|Rees|Fletcher|Chapman|Webb|Holmes|Mills|Bennett|Shaw|Lloyd|Marshall|"
    "Gibson|Ellis|Wells|Hunt|Palmer|Barker|Fox|Stone|Gray|Burton|Walton|Armstrong|Pearce|Nash|"
    "Lamb|Fisher|Dixon|O'Brien|O'Connor|O'Neill|O'Sullivan|D'Souza|Smith-Jones|Taylor-Reed|"
    "Lloyd-Webber|Ap-Rhys|Burton-Hill|Mc Kenzie|De Souza|Van Dyke",
    sep="|",
)

STREETS = _words(
    "Acacia Road|Mill Lane|Station Road|Church Street|High Street|Victoria Road|Park Avenue|"
    "Queens Road|Kings Road|The Crescent|Oak Close|Elm Grove|Beech Drive|Willow Way|"
    "Orchard Lane|Manor Road|Green Lane|School Lane|Chapel Street|Bridge Street",
    sep="|",
)

KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

NAME_VARIATIONS = ("exact", "typo_first", "typo_last", "nickname", "punctuation", "swapped")
EVIDENCE_VARIATIONS = (
    "none",
    "missing_birth_date",
    "new_phone",
    "moved_house",
    "new_email",
    # Two changes at once: whatever is left must carry the match (or it is only offered).
    "moved_house+new_phone",
    "missing_birth_date+new_phone",
)


@dataclass(frozen=True)
class Probe:
    details: PersonDetails
    expected: int | None  # index of the person it is a duplicate of; None for a hard negative
    variation: str


@dataclass(frozen=True)
class Population:
    people: list[PersonDetails]  # stored: the first ``originals`` are the ones duplicated
    probes: list[Probe]


def _postcode(rng: random.Random) -> str:
    area = rng.choice(["ME", "CT", "TN", "DA", "BR", "SE", "N", "LS", "M", "B"])
    return f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _address(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.2:
        address = f"Flat {rng.randint(1, 30)}, {rng.randint(1, 200)} {rng.choice(STREETS)}"
    else:
        address = f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
    return address, _postcode(rng)


def _birth_date(rng: random.Random) -> date:
    return date(1935, 1, 1) + timedelta(days=rng.randint(0, 26_000))


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.phones: set[str] = set()

    def phone(self) -> str:
        while True:
            number = f"07{self.rng.randint(100, 999)} {self.rng.randint(100000, 999999)}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def person(self, *, last_name: str | None = None) -> PersonDetails:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        last = last_name or rng.choice(SURNAMES)
        address, postcode = _address(rng)
        return PersonDetails(
            first_name=first,
            last_name=last,
            date_of_birth=_birth_date(rng) if rng.random() < 0.9 else None,
            address=address,
            postcode=postcode,
            phone=self.phone() if rng.random() < 0.75 else "",
            email=(
                f"{fold(first)}.{fold(last)}{rng.randint(1, 999)}@example.org"
                if rng.random() < 0.4
                else ""
            ),
        )

    def typo(self, name: str) -> str:
        rng = self.rng
        letters = [i for i, c in enumerate(name) if c.isalpha()]
        for _ in range(20):
            i = rng.choice(letters[1:] or letters)  # the first letter is rarely wrong
            kind = rng.randrange(4)
            if kind == 0 and i + 1 < len(name) and name[i + 1].isalpha():
                result = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
            elif kind == 1 and len(letters) > 4:
                result = name[:i] + name[i + 1 :]
            elif kind == 2:
                result = name[:i] + name[i] + name[i:]
            else:
                row = next((r for r in KEYBOARD if name[i].lower() in r), KEYBOARD[0])
                j = row.find(name[i].lower())
                near = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
                result = name[:i] + rng.choice(near) + name[i + 1 :]
            if fold(result) != fold(name):
                return result
        return name + "e"

    def nickname(self, first: str) -> str | None:
        variants = NICKNAMES.get(fold(first))
        return self.rng.choice(variants).capitalize() if variants else None

    def punctuation(self, last: str) -> str | None:
        if "'" in last:
            return self.rng.choice([last.replace("'", ""), last.replace("'", " ")])
        if "-" in last:
            return last.replace("-", " ")
        if " " in last:
            return self.rng.choice([last.replace(" ", ""), last.replace(" ", "-")])
        return None

    def duplicate(
        self, original: PersonDetails, name_variation: str, evidence: str
    ) -> PersonDetails:
        rng = self.rng
        details = original
        if name_variation == "typo_first":
            details = replace(details, first_name=self.typo(details.first_name))
        elif name_variation == "typo_last":
            details = replace(details, last_name=self.typo(details.last_name))
        elif name_variation == "nickname":
            details = replace(details, first_name=self.nickname(details.first_name) or "")
        elif name_variation == "punctuation":
            details = replace(details, last_name=self.punctuation(details.last_name) or "")
        elif name_variation == "swapped":
            details = replace(details, first_name=details.last_name, last_name=details.first_name)
        if rng.random() < 0.5:  # written down in capitals, or in lower case
            details = replace(
                details,
                first_name=details.first_name.upper(),
                last_name=details.last_name.lower(),
            )
        changes = evidence.split("+")
        if "missing_birth_date" in changes:
            details = replace(details, date_of_birth=None)
        if "new_phone" in changes:
            details = replace(details, phone=self.phone())
        elif details.phone and rng.random() < 0.5:  # the same number, written differently
            details = replace(details, phone="+44 " + details.phone[1:])
        if "moved_house" in changes:
            address, postcode = _address(rng)
            details = replace(details, address=address, postcode=postcode)
        if "new_email" in changes:
            details = replace(details, email=f"new{rng.randint(1, 99999)}@example.net")
        return details

    def other_first_name(self, first: str) -> str:
        """A first name nobody would take for ``first``: not similar, not a nickname of it."""
        folded = fold(first)
        related = set(NICKNAMES.get(folded, ())) | {
            full for full, short in NICKNAMES.items() if folded in short
        }
        while True:
            other = self.rng.choice(FIRST_NAMES)
            if (
                fold(other) not in related | {folded}
                and JaroWinkler.normalized_similarity(fold(other), folded) < 0.8
            ):
                return other

    def relative(self, of: PersonDetails) -> PersonDetails:
        """Someone in the same household: same surname and address, different first name and
        date of birth, sometimes sharing the landline."""
        rng = self.rng
        born = of.date_of_birth or _birth_date(rng)
        return PersonDetails(
            first_name=self.other_first_name(of.first_name),
            last_name=of.last_name,
            date_of_birth=born + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 12_000)),
            address=of.address,
            postcode=of.postcode,
            phone=of.phone if of.phone and rng.random() < 0.3 else self.phone(),
            email="",
        )

    def namesake(self, of: PersonDetails, *, same_first_name: bool) -> PersonDetails:
        """Someone else with the same surname (and perhaps first name) elsewhere."""
        rng = self.rng
        address, postcode = _address(rng)
        born = of.date_of_birth or _birth_date(rng)
        return PersonDetails(
            first_name=of.first_name if same_first_name else self.other_first_name(of.first_name),
            last_name=of.last_name,
            date_of_birth=born + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 12_000)),
            address=address,
            postcode=postcode,
            phone=self.phone() if rng.random() < 0.7 else "",
        )


def population(
    *, seed: int = 20260322, people: int = 2000, duplicates: int = 500, negatives: int = 500
) -> Population:
    """``people`` originals plus ``negatives`` relatives of them are stored; probes are
    ``duplicates`` variations of originals and ``negatives`` more relatives and namesakes."""
    generator = Generator(seed)
    rng = generator.rng
    originals = [generator.person() for _ in range(people)]
    stored = list(originals)
    for index in rng.sample(range(people), negatives):
        stored.append(generator.relative(originals[index]))

    probes: list[Probe] = []
    for n, index in enumerate(rng.sample(range(people), duplicates)):
        original = originals[index]
        name_variation = NAME_VARIATIONS[n % len(NAME_VARIATIONS)]
        if name_variation == "nickname" and generator.nickname(original.first_name) is None:
            name_variation = "typo_first"
        if name_variation == "punctuation" and generator.punctuation(original.last_name) is None:
            name_variation = "typo_last"
        evidence = EVIDENCE_VARIATIONS[(n // len(NAME_VARIATIONS)) % len(EVIDENCE_VARIATIONS)]
        probes.append(
            Probe(
                details=generator.duplicate(original, name_variation, evidence),
                expected=index,
                variation=f"{name_variation}+{evidence}",
            )
        )
    for n in range(negatives):
        of = originals[rng.randrange(people)]
        kind = n % 3
        if kind == 0:
            details, variation = generator.relative(of), "relative at the same address"
        elif kind == 1:
            details, variation = generator.namesake(of, same_first_name=False), "same surname"
        else:
            details, variation = generator.namesake(of, same_first_name=True), "same name"
            if details.date_of_birth is None:
                details = replace(details, date_of_birth=_birth_date(rng))
        probes.append(Probe(details=details, expected=None, variation=variation))
    return Population(people=stored, probes=probes)
