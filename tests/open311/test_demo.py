"""The demo files its API requests through the Open311 service."""
from sqlalchemy import func, select

from app.extensions import db
from app.open311.models import ApiKey
from app.tickets import constants as c
from app.tickets.models import Ticket


def test_demo_files_api_requests_through_the_service_once(runner):
    runner.invoke(args=["seed-demo"])
    api = list(db.session.scalars(select(Ticket).where(Ticket.channel == "api")))
    assert len(api) == 4
    assert {t.status for t in api} == {c.RECEIVED} and all(t.folio.startswith("DW-") for t in api)
    key = db.session.scalar(select(ApiKey))
    assert key.use_count == 4 and all(t.api_key_id == key.id and t.api_token for t in api)
    runner.invoke(args=["seed-demo"])
    assert db.session.scalar(select(func.count(ApiKey.id))) == 1
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.channel == "api")) == 4
