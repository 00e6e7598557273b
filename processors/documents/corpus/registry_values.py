"""Random but consistent contents of a condominium unit's registration."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from processors.documents.corpus import places
from processors.documents.corpus.japanese import fullwidth, kanji_number

LATEST_EVENT = date(2024, 6, 30)


@dataclass(frozen=True)
class Party:
    """A person or company with the address the registry records for it."""

    name: str
    address: str


@dataclass(frozen=True)
class Ownership:
    """An entry of 甲区: 所有権保存 or 所有権移転."""

    number: int
    purpose: str
    received_on: date
    receipt: int
    cause_on: date
    cause: str
    owner: Party


@dataclass
class Mortgage:
    """An 乙区 抵当権設定 entry; `cancelled_by` is the number of its 抹消 entry."""

    number: int
    received_on: date
    receipt: int
    amount_yen: int
    interest: str
    debtor: Party
    mortgagee: Party
    branch: str | None
    cancelled_by: int | None = None


@dataclass(frozen=True)
class Cancellation:
    """An 乙区 entry cancelling an earlier mortgage."""

    number: int
    target: int
    received_on: date
    receipt: int
    cause_on: date
    cause: str


@dataclass
class Registration:
    """Everything a certified copy of one unit shows."""

    town: places.Town
    chome: int
    lot: int
    sub_lot: int
    building_name: str
    building_structure: str
    floor_areas: list[float]
    land_area: float
    unit_floor: int
    room: str
    kind: str
    structure: str
    floor_area: float
    built_on: date
    registered_on: date
    ratio: tuple[int, int]
    property_number: str
    ownerships: list[Ownership]
    rights: list[Mortgage | Cancellation] = field(default_factory=list)
    issued_on: date = LATEST_EVENT
    registrar: str = ""

    @property
    def town_chome(self) -> str:
        return f"{self.town.name}{kanji_number(self.chome)}丁目"

    @property
    def location(self) -> str:
        """The lot's address as the registry writes it, without the prefecture."""
        return f"{self.town.city}{self.town_chome}{self.lot}番地{self.sub_lot}"

    @property
    def house_number(self) -> str:
        return f"{self.town_chome}{self.lot}番{self.sub_lot}の{self.room}"

    def truth(self) -> dict[str, object]:
        """The fields a reader should return, as the evaluation compares them."""
        owner = self.ownerships[-1]
        in_force = [
            {"amount_yen": right.amount_yen, "mortgagee": right.mortgagee.name}
            for right in self.rights
            if isinstance(right, Mortgage) and right.cancelled_by is None
        ]
        return {
            "location": self.location,
            "building_name": self.building_name,
            "house_number": self.house_number,
            "kind": self.kind,
            "structure": self.structure,
            "floor_area_sqm": self.floor_area,
            "built_on": self.built_on.isoformat(),
            "land_right_ratio": f"{self.ratio[1]}/{self.ratio[0]}",
            "owner_name": owner.owner.name,
            "owner_address": owner.owner.address,
            "ownership_acquired_on": owner.cause_on.isoformat(),
            "mortgages": in_force,
        }


def random_registration(rng: random.Random) -> Registration:
    """A unit with 1 to 3 ownership entries and any mortgage history."""
    town = rng.choice(places.TOWNS)
    built_on = _random_date(rng, date(1985, 1, 1), date(2021, 12, 31))
    registration = _building(rng, town, built_on)
    registration.ownerships = _ownerships(rng, registration)
    registration.rights = _rights(rng, registration.ownerships)
    last = max(
        [entry.received_on for entry in registration.ownerships]
        + [entry.received_on for entry in registration.rights]
    )
    registration.issued_on = min(LATEST_EVENT, last + timedelta(rng.randint(20, 400)))
    registration.registrar = _person_name(rng)
    return registration


def _building(rng: random.Random, town: places.Town, built_on: date) -> Registration:
    floors = rng.randint(3, 14)
    unit_floor = rng.randint(2, floors)
    src = floors >= 11 and rng.random() < 0.5
    material = "鉄骨鉄筋コンクリート造" if src else "鉄筋コンクリート造"
    floor_area = round(rng.uniform(16, 80), 2)
    share = round(floor_area * 100)
    return Registration(
        town=town,
        chome=rng.randint(1, town.max_chome),
        lot=rng.randint(1, 999),
        sub_lot=rng.randint(1, 30),
        building_name=_building_name(rng, town),
        building_structure=f"{material}陸屋根{floors}階建",
        floor_areas=[round(rng.uniform(150, 900), 2) for _ in range(floors)],
        land_area=round(rng.uniform(300, 3000), 2),
        unit_floor=unit_floor,
        room=f"{unit_floor}{rng.randint(1, 15):02d}",
        kind=rng.choice(("居宅", "居宅", "居宅", "居宅", "事務所")),
        structure=f"{material}1階建",
        floor_area=floor_area,
        built_on=built_on,
        registered_on=built_on + timedelta(rng.randint(5, 40)),
        ratio=(share * rng.randint(20, 90) + rng.randint(0, 999), share),
        property_number="".join(str(rng.randint(0, 9)) for _ in range(13)),
        ownerships=[],
    )


def _building_name(rng: random.Random, town: places.Town) -> str:
    return (
        rng.choice(places.BUILDING_BRANDS)
        + town.name
        + rng.choice(places.BUILDING_SUFFIXES)
    )


def _ownerships(rng: random.Random, unit: Registration) -> list[Ownership]:
    first_sale = unit.built_on + timedelta(rng.randint(0, 90))
    entries = [_ownership(rng, 1, "所有権保存", first_sale, receipt_base=10000)]
    for number in (2, 3):
        if rng.random() < 0.45:
            break
        cause_on = entries[-1].cause_on + timedelta(rng.randint(400, 3600))
        if cause_on > LATEST_EVENT - timedelta(60):
            break
        entries.append(
            _ownership(rng, number, "所有権移転", cause_on, receipt_base=1000)
        )
    return entries


def _ownership(
    rng: random.Random, number: int, purpose: str, cause_on: date, *, receipt_base: int
) -> Ownership:
    inherited = purpose == "所有権移転" and rng.random() < 0.15
    company = not inherited and rng.random() < 0.15
    name = rng.choice(places.OWNER_COMPANIES) if company else _person_name(rng)
    return Ownership(
        number=number,
        purpose=purpose,
        received_on=cause_on + timedelta(rng.randint(0, 12)),
        receipt=rng.randint(receipt_base, receipt_base * 9),
        cause_on=cause_on,
        cause="相続" if inherited else "売買",
        owner=Party(name, _home_address(rng)),
    )


def _rights(
    rng: random.Random, ownerships: list[Ownership]
) -> list[Mortgage | Cancellation]:
    rights: list[Mortgage | Cancellation] = []
    for index, entry in enumerate(ownerships):
        for right in rights:
            if isinstance(right, Mortgage) and right.cancelled_by is None:
                _cancel(
                    rng, rights, right, entry.received_on - timedelta(rng.randint(0, 3))
                )
        if entry.cause == "売買" and rng.random() < 0.7:
            rights.append(_mortgage(rng, len(rights) + 1, entry))
        if index == len(ownerships) - 1:
            _maybe_repay(rng, rights, entry)
    return rights


def _maybe_repay(
    rng: random.Random, rights: list[Mortgage | Cancellation], entry: Ownership
) -> None:
    open_mortgages = [
        r for r in rights if isinstance(r, Mortgage) and r.cancelled_by is None
    ]
    for mortgage in open_mortgages:
        repaid_on = mortgage.received_on + timedelta(rng.randint(300, 3000))
        if rng.random() < 0.3 and repaid_on < LATEST_EVENT:
            _cancel(rng, rights, mortgage, repaid_on)


def _mortgage(rng: random.Random, number: int, entry: Ownership) -> Mortgage:
    name, address = rng.choice(places.LENDERS)
    return Mortgage(
        number=number,
        received_on=entry.received_on,
        receipt=entry.receipt + 1,
        amount_yen=rng.randint(80, 900) * 100_000,
        interest=fullwidth(f"年{rng.randint(0, 3)}・{rng.randint(1, 99):02d}%")
        + "（年３６５日日割計算）",
        debtor=entry.owner,
        mortgagee=Party(name, address),
        branch=rng.choice(places.BRANCHES) if rng.random() < 0.5 else None,
    )


def _cancel(
    rng: random.Random,
    rights: list[Mortgage | Cancellation],
    mortgage: Mortgage,
    cause_on: date,
) -> None:
    number = len(rights) + 1
    mortgage.cancelled_by = number
    rights.append(
        Cancellation(
            number=number,
            target=mortgage.number,
            received_on=cause_on + timedelta(rng.randint(0, 10)),
            receipt=rng.randint(1000, 90000),
            cause_on=cause_on,
            cause=rng.choice(("解除", "弁済")),
        )
    )


def _person_name(rng: random.Random) -> str:
    return rng.choice(places.SURNAMES) + rng.choice(places.GIVEN_NAMES)


def _home_address(rng: random.Random) -> str:
    prefecture, city, town = rng.choice(places.HOME_AREAS)
    chome = kanji_number(rng.randint(1, 5))
    block, lot = rng.randint(1, 30), rng.randint(1, 25)
    return f"{prefecture}{city}{town}{chome}丁目{block}番{lot}号"


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(rng.randint(0, (last - first).days))
