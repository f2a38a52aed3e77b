"""The demo files its API requests through the Open311 service."""
from sqlalchemy import func, select

from app.extensions import db
from app.open311.models import ApiKey
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketAttributeValue
from app.units.models import Category, CategoryAttribute


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


def test_demo_gives_the_pothole_service_its_questions_once_and_answers_them(runner, client):
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])
    rows = db.session.execute(
        select(CategoryAttribute.code, CategoryAttribute.datatype, CategoryAttribute.required)
        .join(Category, Category.id == CategoryAttribute.category_id)
        .where(Category.code == "bacheo").order_by(CategoryAttribute.position)).all()
    assert rows == [("tamano", "singlevaluelist", True), ("riesgos", "multivaluelist", False)]
    assert db.session.scalar(select(func.count(CategoryAttribute.id))) == 2
    answers = db.session.scalars(
        select(TicketAttributeValue.value).join(Ticket).where(Ticket.channel == "api")
        .order_by(TicketAttributeValue.id)).all()
    assert answers == ["grande", "vehiculos", "peatones"]
    services = {s["service_code"]: s["metadata"]
                for s in client.get("/open311/v2/services.json").get_json()}
    assert services["bacheo"] is True and services["alumbrado"] is False
