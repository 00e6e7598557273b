"""Random but consistent contents of an investment condominium's sales flyer."""

import random
from dataclasses import dataclass
from datetime import date

from processors.documents.corpus import places
from processors.documents.corpus.japanese import era_of, kanji_number

AUTHORITIES = ("東京都知事", "東京都知事", "大阪府知事", "神奈川県知事", "国土交通大臣")
STRUCTURES = {
    "RC": "鉄筋コンクリート造",
    "SRC": "鉄骨鉄筋コンクリート造",
    "S": "鉄骨造",
}


@dataclass(frozen=True)
class Access:
    """A railway line, a station on it and the walk from there in minutes."""

    line: str
    station: str
    walk_minutes: int


@dataclass(frozen=True)
class Broker:
    """The broker whose band runs along the bottom of the flyer."""

    name: str
    authority: str
    renewals: int
    number: int
    address: str
    phone: str
    fax: str

    @property
    def license(self) -> str:
        return f"{self.authority}({self.renewals})第{self.number}号"


@dataclass(frozen=True)
class Flyer:
    """Everything a flyer shows, plus how its values are written (`styles`)."""

    name: str
    address: str
    access: tuple[Access, ...]
    price_yen: int
    floor_area: float
    balcony_area: float
    layout: str
    built: date
    structure: str
    floor: int
    total_floors: int
    total_units: int
    management_fee: int
    repair_reserve: int
    rent: int | None
    manager: str
    broker: Broker
    catch_copy: str
    styles: dict[str, int]

    @property
    def gross_yield(self) -> float | None:
        if self.rent is None:
            return None
        return round(self.rent * 12 / self.price_yen * 100, 2)

    def truth(self) -> dict[str, object]:
        """The fields a reader should return, as the evaluation compares them."""
        first = self.access[0]
        return {
            "property_name": self.name,
            "address": self.address,
            "station_line": first.line,
            "station_name": first.station,
            "walk_minutes": first.walk_minutes,
            "price_yen": self.price_yen,
            "floor_area_sqm": self.floor_area,
            "layout": self.layout,
            "built_year_month": f"{self.built.year:04d}-{self.built.month:02d}",
            "structure": self.structure,
            "floor": self.floor,
            "total_floors": self.total_floors,
            "total_units": self.total_units,
            "management_fee_yen": self.management_fee,
            "repair_reserve_yen": self.repair_reserve,
            "monthly_rent_yen": self.rent,
            "gross_yield_pct": self.gross_yield,
            "broker_name": self.broker.name,
            "broker_license": self.broker.license,
        }


def random_flyer(rng: random.Random) -> Flyer:
    """A flyer of a unit in a random Tokyo or Osaka town, let or vacant."""
    town = rng.choice(places.TOWNS)
    area = round(rng.uniform(16, 72), 2)
    market_rent = _round_to(area * rng.uniform(2600, 4600), 500)
    price = _round_to(market_rent * 12 / rng.uniform(0.038, 0.07), 100_000)
    total_floors = rng.randint(4, 20)
    rent: int | None = None if rng.random() < 0.15 else market_rent
    return Flyer(
        name=rng.choice(places.BUILDING_BRANDS)
        + town.name
        + rng.choice(places.BUILDING_SUFFIXES),
        address=_address(rng, town),
        access=_access(rng, town),
        price_yen=price,
        floor_area=area,
        balcony_area=round(rng.uniform(2, 12), 2),
        layout=_layout(rng, area),
        built=date(rng.randint(1984, 2022), rng.randint(1, 12), 1),
        structure="SRC"
        if total_floors > 11 and rng.random() < 0.5
        else rng.choice(("RC", "RC", "RC", "S")),
        floor=rng.randint(2, total_floors),
        total_floors=total_floors,
        total_units=rng.randint(total_floors * 2, total_floors * 12),
        management_fee=_round_to(rng.uniform(4000, 16000), 10),
        repair_reserve=_round_to(rng.uniform(1500, 15000), 10),
        rent=rent,
        manager=rng.choice(places.MANAGERS),
        broker=_broker(rng),
        catch_copy=_catch_copy(rng, let=rent is not None),
        styles={
            name: rng.randint(0, 2)
            for name in ("price", "built", "floor", "access", "address", "fee")
        },
    )


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def _address(rng: random.Random, town: places.Town) -> str:
    chome = rng.randint(1, town.max_chome)
    block, lot = rng.randint(1, 30), rng.randint(1, 25)
    base = f"{town.prefecture}{town.city}{town.name}"
    if rng.random() < 0.5:
        return f"{base}{chome}丁目{block}-{lot}"
    return f"{base}{kanji_number(chome)}丁目{block}番{lot}号"


def _access(rng: random.Random, town: places.Town) -> tuple[Access, ...]:
    stations = list(town.stations)
    rng.shuffle(stations)
    return tuple(
        Access(line, station, rng.randint(1, 15))
        for line, station in stations[: rng.randint(1, 2)]
    )


def _layout(rng: random.Random, area: float) -> str:
    if area < 22:
        return rng.choice(("1R", "1K"))
    if area < 32:
        return rng.choice(("1K", "1DK"))
    if area < 48:
        return rng.choice(("1LDK", "1DK", "2DK"))
    return rng.choice(("2LDK", "3LDK", "2SLDK"))


def _broker(rng: random.Random) -> Broker:
    form = rng.choice(places.BROKER_FORMS)
    authority = rng.choice(AUTHORITIES)
    prefecture, street, number = rng.choice(places.BROKER_STREETS)
    area_code = "06" if prefecture == "大阪府" else "03"
    phone = f"{area_code}-{rng.randint(3000, 6999)}-{rng.randint(1000, 9999)}"
    return Broker(
        name=form.format(rng.choice(places.BROKER_STEMS)),
        authority=authority,
        renewals=rng.randint(1, 15),
        number=rng.randint(1000, 9999)
        if authority == "国土交通大臣"
        else rng.randint(10000, 99999),
        address=f"{prefecture}{street}{number} {_building(rng)}",
        phone=phone,
        fax=phone[:-4] + f"{rng.randint(1000, 9999)}",
    )


def _building(rng: random.Random) -> str:
    return f"{rng.choice(('第一', '第二', 'サン', ''))}ビル{rng.randint(2, 9)}F"


def _catch_copy(rng: random.Random, *, let: bool) -> str:
    if let:
        return rng.choice(
            (
                "【オーナーチェンジ】安定収益物件",
                "満室稼働中・管理良好",
                "【収益物件】 賃貸中につき室内見学不可",
            )
        )
    return rng.choice(
        ("投資用ワンルームマンション", "駅近・好立地の収益物件", "空室・即入居可")
    )


def built_text(flyer: Flyer) -> str:
    """築年月 in the flyer's style: 2006年3月, 平成18年3月 or 2006年(平成18年)3月."""
    era, year = era_of(flyer.built)
    era_year = "元" if year == 1 else str(year)
    style = flyer.styles["built"]
    if style == 0:
        return f"{flyer.built.year}年{flyer.built.month}月"
    if style == 1:
        return f"{era}{era_year}年{flyer.built.month}月"
    return f"{flyer.built.year}年({era}{era_year}年){flyer.built.month}月"
