"""Demo data of places: a small catalogue of Fresnillo's colonias (in SEPOMEX's format, read
by the real parser and import) and pins near the city centre for part of the demo tickets."""
import random
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.colonias import catalogue, sepomex
from app.places import services
from app.colonias.models import Colonia

DEMO_FILE = Path(__file__).resolve().parent / "data" / "colonias_fresnillo_demo.txt"
CENTRE = (23.1747, -102.8700)  # Fresnillo's main square, roughly
PIN_SHARE = 0.4
SPREAD = 0.025  # degrees, about 2.5 km


def seed_demo_catalogue(now) -> int:
    """Import the demo catalogue when the catalogue is empty; returns the colonias added."""
    if db.session.scalar(select(func.count()).select_from(Colonia)):
        return 0
    municipality, state = catalogue.municipality()
    result = sepomex.parse(sepomex.decode(DEMO_FILE.read_bytes()), municipality, state)
    return services.import_settlements(result.settlements, None, now=now)[0]


def demo_pin(rng: random.Random) -> tuple[str | None, str | None]:
    """A pin near the centre for part of the tickets, (None, None) for the rest."""
    if rng.random() >= PIN_SHARE:
        return None, None
    return (f"{CENTRE[0] + rng.uniform(-SPREAD, SPREAD):.6f}",
            f"{CENTRE[1] + rng.uniform(-SPREAD, SPREAD):.6f}")
