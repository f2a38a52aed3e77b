from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.tickets.models import Ticket
from app.units.models import Category, Unit


def test_seed_demo_is_idempotent_and_demo_accounts_log_in(runner, client):
    assert 'data-testid="demo-accounts"' not in client.get("/cuenta/entrar").get_data(as_text=True)
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = [db.session.scalar(select(func.count(m.id))) for m in (Unit, Category, User, Ticket)]
    assert counts[0] >= 15 and counts[1] >= 10 and counts[3] > 0
    second = runner.invoke(args=["seed-demo"])
    assert "0 tickets" in second.output
    assert [db.session.scalar(select(func.count(m.id))) for m in (Unit, Category, User, Ticket)] == counts
    assert 'data-testid="demo-accounts"' in client.get("/cuenta/entrar").get_data(as_text=True)
    for username in ("admin", "secretaria", "recepcion", "obras", "servicios"):
        client.post("/cuenta/salir")
        response = client.post("/cuenta/entrar", data={"username": username, "password": "fresnillo2024"})
        assert response.status_code == 302, username


def test_demo_unit_accounts_belong_to_their_units(runner):
    runner.invoke(args=["seed-demo"])
    obras = db.session.scalar(select(User).where(User.username == "obras"))
    servicios = db.session.scalar(select(User).where(User.username == "servicios"))
    assert obras.unit.code == "OBRAS" and servicios.unit.code == "SERV"


def test_create_user_prompts_for_password_and_never_prints_it(runner):
    result = runner.invoke(
        args=["create-user", "--username", "jefa", "--name", "Jefa", "--email", "",
              "--role", "secretary"],
        input="clave-muy-segura\nclave-muy-segura\n")
    assert result.exit_code == 0, result.output
    assert "clave-muy-segura" not in result.output
    user = db.session.scalar(select(User).where(User.username == "jefa"))
    assert user.check_password("clave-muy-segura")


def test_create_user_refuses_short_password(runner):
    result = runner.invoke(
        args=["create-user", "--username", "jefa", "--name", "Jefa", "--email", "",
              "--role", "secretary"], input="corta\ncorta\n")
    assert result.exit_code != 0
    assert "al menos 10 caracteres" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_user_refuses_unknown_unit(runner):
    result = runner.invoke(
        args=["create-user", "--username", "x", "--name", "X", "--email", "", "--role", "unit",
              "--unit-code", "NOPE"], input="clave-muy-segura\nclave-muy-segura\n")
    assert result.exit_code != 0
    assert "No existe la unidad" in result.output


def test_seed_demo_writes_no_history_after_its_now(runner):
    from app.tickets.models import TicketEvent
    from app.timeutil import utcnow

    runner.invoke(args=["seed-demo"])
    latest = db.session.scalar(select(func.max(TicketEvent.created_at)))
    assert latest is not None and latest <= utcnow()
