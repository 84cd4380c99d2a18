"""Precision and recall of person matching on a generated population with known duplicates.

2,000 invented people and 500 relatives of theirs (same surname and address, different first
name and date of birth) are stored. Then 500 known duplicates, written the way people get
written down again (a typo, a nickname, an apostrophe or hyphen dropped, first and last names
swapped; with the date of birth missing, a new phone, a new email or a new address, or two of
these at once), and 500 hard negatives (more relatives, people with the same surname, people with
the same full name but another date of birth) are searched for.

Measured at the **confident** threshold (0.9), the level at which the API links a report to a
known person: a duplicate is found when its original is the top confident candidate; anything
else confident is a false match. The offered level (0.6) is printed too.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tandem.people.keys import person_keys
from tandem.people.matching import find_candidates, matching_thresholds
from tandem.people.models import Person
from tests.people.population import population

pytestmark = pytest.mark.django_db


def _store(people):
    rows = []
    for details in people:
        keys = person_keys(
            first_name=details.first_name,
            last_name=details.last_name,
            phone=details.phone,
            email=details.email,
            address=details.address,
            postcode=details.postcode,
        )
        rows.append(
            Person(
                first_name=details.first_name,
                last_name=details.last_name,
                date_of_birth=details.date_of_birth,
                address=details.address,
                postcode=details.postcode,
                phone=details.phone,
                email=details.email,
                **keys.as_dict(),
            )
        )
    return [person.pk for person in Person.objects.bulk_create(rows, batch_size=500)]


def _measure(found, probes, ids, floor):
    true_positives = false_positives = 0
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for probe, candidates in zip(probes, found, strict=True):
        sure = [c for c in candidates if c.confidence >= floor]
        if probe.expected is None:
            false_positives += bool(sure)
            if sure:
                wrong[probe.variation] += 1
        elif sure and sure[0].person.pk == ids[probe.expected]:
            true_positives += 1
        else:
            false_positives += bool(sure)
            missed[probe.variation] += 1
    duplicates = sum(1 for probe in probes if probe.expected is not None)
    precision = true_positives / max(true_positives + false_positives, 1)
    recall = true_positives / duplicates
    return precision, recall, missed, wrong


def test_precision_and_recall_on_known_duplicates():
    data = population()
    ids = _store(data.people)
    assert Person.objects.count() >= 2500
    duplicates = [p for p in data.probes if p.expected is not None]
    negatives = [p for p in data.probes if p.expected is None]
    assert len(duplicates) >= 500
    assert len(negatives) >= 500

    thresholds = matching_thresholds()
    started = time.perf_counter()
    found = [
        find_candidates(probe.details, thresholds=thresholds, min_confidence=0.0)
        for probe in data.probes
    ]
    elapsed = time.perf_counter() - started

    precision, recall, missed, wrong = _measure(found, data.probes, ids, thresholds.confident)
    offered_precision, offered_recall, _, _ = _measure(found, data.probes, ids, thresholds.offer)
    summary = (
        f"confident (>= {thresholds.confident}): precision {precision:.3f}, recall {recall:.3f}; "
        f"offered (>= {thresholds.offer}): precision {offered_precision:.3f}, "
        f"recall {offered_recall:.3f}; {len(data.probes)} searches over {len(ids)} people in "
        f"{elapsed:.1f} s; missed {dict(missed)}; wrongly confident {dict(wrong)}"
    )
    print(f"\nPerson matching: {summary}")
    assert precision >= 0.95, summary
    assert recall >= 0.90, summary
