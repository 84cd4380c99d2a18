"""Invented residents' names, streets and places for the national data set.

Common British given names and surnames (public, and shared by thousands of people each), with
weights that fall off with rank so a few names are very common, as in life; apostrophes, hyphens,
accents and double-barrelled surnames are in the mix because matching has to cope with them.
Extra surnames and every place and street name are made by joining invented syllables.
"""

from __future__ import annotations

import itertools
import random


def _words(value: str) -> list[str]:
    return value.split()


MALE_NAMES = _words(
    "David John Michael Paul Andrew Mark James Peter Richard Robert Stephen Christopher Ian "
    "Thomas Daniel Matthew William Simon Gary Anthony Alan Kevin Steven Martin Jason Lee Neil "
    "Craig Darren Adam Jonathan Graham Brian Philip Keith Colin Shaun Dean Wayne Stuart Carl "
    "Nicholas Joseph Benjamin Samuel Ryan Luke Jack Oliver Harry George Charlie Jacob Noah Alfie "
    "Oscar Leo Freddie Archie Henry Joshua Liam Connor Callum Kieran Jamie Aaron Nathan Tyler "
    "Lewis Mohammed Muhammad Ahmed Ali Hassan Omar Imran Tariq Bilal Kwame Kofi Emeka Tunde "
    "Tomasz Piotr Krzysztof Marek Andrei Ionut Florin Raj Sanjay Vijay Arjun Rohan Dylan Rhys "
    "Gareth Owen Ewan Angus Fraser Declan Sean Patrick Ciaran Eoin Cormac Reuben Elliot Toby "
    "Harvey Finley Theo Max Ethan Logan Mason Zachary Sebastian Albert Arthur Edward Frederick "
    "Francis Roger Terence Raymond Derek Dennis Malcolm Trevor Barry Clive Nigel Kenneth Gordon "
    "Ronald Leonard Stanley Jose Zoltan Lukasz Jerome Desmond Winston Clifton"
)
FEMALE_NAMES = _words(
    "Sarah Emma Claire Nicola Lisa Joanne Helen Rachel Michelle Karen Julie Susan Amanda Louise "
    "Samantha Laura Rebecca Kelly Donna Elizabeth Catherine Katherine Jennifer Victoria Zoe "
    "Charlotte Hannah Sophie Amy Jessica Lauren Emily Chloe Megan Olivia Amelia Isla Ava Mia "
    "Ella Grace Lily Poppy Evie Ruby Freya Isabella Isabel Daisy Phoebe Sienna Millie Ellie "
    "Fatima Aisha Ayesha Maryam Zainab Amina Khadija Noor Priya Sunita Anjali Deepa Kavita Neha "
    "Agnieszka Katarzyna Magdalena Joanna Anna Ewa Ioana Elena Maria Adaeze Chioma Ngozi Abena "
    "Margaret Patricia Janet Carol Christine Linda Barbara Jean Pauline Sandra Denise Tracey "
    "Dawn Sharon Wendy Beverley Jacqueline Deborah Diane Gillian Angela Alison Caroline Fiona "
    "Kirsty Gemma Siobhan Niamh Aoife Bethan Cerys Rhiannon Eilidh Catriona Mairead Bridget "
    "Maureen Doreen Irene Sheila Joan Dorothy Edith Florence Mabel Rose Violet Ivy Iris Harriet "
    "Eleanor Matilda Beatrice Imogen Lucy Abigail Natalie Stephanie Kimberley Jade Leanne Stacey "
    "Chelsea Bethany Courtney Shannon Danielle Toni Chloé Zoë Renée Siân"
)
SURNAMES = [
    *_words(
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
        "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
        "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen "
        "James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook "
        "Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson "
        "Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali "
        "Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell "
        "Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur "
        "Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks "
        "West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose "
        "Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster "
        "Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland "
        "Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah "
        "Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross "
        "Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson "
        "Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin "
        "Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson "
        "Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond "
        "Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost "
        "Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn "
        "Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes "
        "Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs "
        "Ferguson Hayward Carroll Alexander Dickinson Mahmood Nowak Kowalski Wiśniewski Mensah Osei "
        "Okafor Adeyemi Okoro Mistry Chauhan Choudhury Rahman Islam Uddin Miah Nguyen Chen Wong "
        "MacDonald MacLeod Fitzgerald D'Souza D'Costa"
    ),
    "Da Silva",
    "Van der Berg",
    "De Souza",
    "Le Roux",
]

_SURNAME_HEADS = _words(
    "Ash Black Brad Brom Cald Chad Cran Dal Dun Eller Fair Farn Hal Hart Hather Hol Kil Lang "
    "Lind Mar Mid Mor Nor Oak Pen Rad Red Ridg Ros Sal Sand Shel Stan Stock Thorn Tre Wad Wal "
    "Wes Whit Wil Win Wood Yar Ald Bar Brack Cot Crom Dray Elm Ful Gold Hamp Kirk Ley Mil"
)
_SURNAME_TAILS = _words(
    "by ton ley well ford field worth wick more dale ham hurst wood combe stead bury bridge "
    "shaw low croft gate land ridge brook thwaite"
)
INVENTED_SURNAMES = [
    head + tail for head, tail in itertools.product(_SURNAME_HEADS, _SURNAME_TAILS)
]

_PLACE_HEADS = _words(
    "Ash Bar Black Bram Brook Burn Cal Chal Chest Clay Cold Cop Dun Elm Fern Fox Glen Hare Hazel "
    "High Holm Kings Lang Lark Long Mar Mill Moor Nether Oak Over Pen Queens Red Rush Salt Shep "
    "Stan Stoke Thorn Under Up Wal Wes Whit Wick Wil Wind Wol York"
)
_PLACE_TAILS = _words(
    "bury ford ton ley field wick ham stead worth bridge mere dale minster chester borough "
    "well combe hurst"
)
PLACE_NAMES = [head + tail for head, tail in itertools.product(_PLACE_HEADS, _PLACE_TAILS)]

_STREET_NAMES = _words(
    "Acorn Beech Cherry Damson Elm Foxglove Hazel Hop Kestrel Lavender Maple Oast Pear Quince "
    "Rowan Sorrel Tern Wheatfield Yew Bramley Cobnut Hawthorn Kingfisher Orchard Chalk Shingle "
    "Harbour Station Windmill Church Mill School Park Victoria Albert Queen King Manor Meadow "
    "Chapel Castle Bridge Spring Market Mount Grange Rectory Vicarage Poplar Willow Cedar Ash "
    "Oak Holly Ivy Laurel Linden Sycamore Chestnut Larch Alder Birch Juniper Heather Primrose "
    "Bluebell Daisy Clover Fern Moss Heron Swallow Robin Wren Lark Falcon Badger Otter Fox"
)
_STREET_KINDS = _words(
    "Road Street Lane Close Avenue Drive Way Crescent Gardens Grove Place Court Rise Walk Row "
    "Terrace Mews View Hill Green"
)
STREET_NAMES = [f"{name} {kind}" for name, kind in itertools.product(_STREET_NAMES, _STREET_KINDS)]
FLAT_BLOCKS = (
    "Jubilee House",
    "Coronation Court",
    "Victoria Heights",
    "Riverside Tower",
    "Mill House",
    "Beacon Court",
    "Kingsway House",
    "Orchard House",
)

# Short forms callers give instead of the name on record (both ways round).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "Richard": ("Rick", "Dick", "Rich"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Michael": ("Mike", "Mick", "Mickey"),
    "Christopher": ("Chris", "Kit"),
    "Jennifer": ("Jen", "Jenny"),
    "Katherine": ("Kate", "Kath", "Katie"),
    "Catherine": ("Cath", "Kate", "Cathy"),
    "Anthony": ("Tony", "Ant"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Joseph": ("Joe", "Joey"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Andrew": ("Andy", "Drew"),
    "Stephen": ("Steve", "Stevie"),
    "Steven": ("Steve",),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammie"),
    "Benjamin": ("Ben", "Benny"),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon", "Jonny"),
    "Alexander": ("Alex", "Sandy"),
    "Victoria": ("Vicky", "Tori"),
    "Rebecca": ("Becky", "Becca"),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Jacqueline": ("Jackie",),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Frederick": ("Fred", "Freddie"),
    "Henry": ("Harry", "Hal"),
    "Charlotte": ("Lottie", "Charlie"),
    "Abigail": ("Abby",),
    "Natalie": ("Nat",),
    "Kimberley": ("Kim",),
    "Terence": ("Terry",),
    "Raymond": ("Ray",),
    "Leonard": ("Len", "Lenny"),
    "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"),
    "Gillian": ("Gill",),
    "Mohammed": ("Mohammad", "Muhammad", "Mohamed"),
}


def rank_weights(count: int, exponent: float = 0.9) -> list[float]:
    """Zipf-like weights: the first names in a list are much commoner than the last."""
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def typo(rng: random.Random, value: str) -> str:
    """One keying slip: two letters swapped, one dropped, doubled or mistyped (not the first)."""
    if len(value) < 4:
        return value + value[-1]
    index = rng.randrange(1, len(value) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return value[:index] + value[index + 1] + value[index] + value[index + 2 :]
    if kind == 1:
        return value[:index] + value[index + 1 :]
    if kind == 2:
        return value[:index] + value[index] + value[index:]
    position = _NEIGHBOURS.find(value[index].lower())
    replacement = _NEIGHBOURS[(position + 1) % len(_NEIGHBOURS)] if position >= 0 else "e"
    return value[:index] + replacement + value[index + 1 :]


def nickname_or_typo(rng: random.Random, first: str) -> str:
    """What a caller may say instead of the first name on record."""
    options = NICKNAMES.get(first) or _FULL_NAMES.get(first)
    return rng.choice(options) if options else typo(rng, first)


_FULL_NAMES: dict[str, tuple[str, ...]] = {}
for _full, _shorts in NICKNAMES.items():
    for _short in _shorts:
        _FULL_NAMES[_short] = (*_FULL_NAMES.get(_short, ()), _full)
