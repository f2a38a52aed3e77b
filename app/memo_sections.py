"""Sections that features add to the cabinet memo and the statistics dashboard (the meetings'
«Seguimiento de acuerdos», the programs' «Avance», the colonias): each feature registers its
section at start-up, and the memo, the PDF and the dashboard read them from here, so the
statistics import none of those features."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ExtraSection:
    key: str          # the name of its data in the memo's and the dashboard's data
    data: Callable    # (period, now) -> plain data
    flowables: Callable  # (data) -> reportlab flowables, after the overdue section
    template: str     # the dashboard's include, given ``section`` (its data)


EXTRA_SECTIONS: dict[str, ExtraSection] = {}


def register_section(section: ExtraSection) -> None:
    EXTRA_SECTIONS[section.key] = section


def extra_section_data(period, now: datetime) -> dict:
    """{key: data} of every registered section, for a ``app/stats/periods.Period``."""
    return {key: section.data(period, now) for key, section in EXTRA_SECTIONS.items()}
