"""Login throttling per account, per account and address, and a far higher ceiling per
address: one person's failures never lock out colleagues behind the same NAT address."""
import pytest

from tests.factories import PASSWORD, make_user

NAT = "10.20.30.40"


def _login(client, username, password, ip=NAT):
    return client.post("/cuenta/entrar", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_thirty_failures_on_one_account_do_not_lock_out_a_colleague_behind_the_same_nat(client):
    careless, colleague = make_user(), make_user()
    codes = [_login(client, careless.username, "incorrecta").status_code for _ in range(30)]
    assert 429 in codes  # the careless account is throttled from that address
    assert _login(client, colleague.username, PASSWORD).status_code == 302


def test_failures_on_an_account_from_one_address_throttle_only_that_pair(app, client):
    user = make_user()
    limit = int(app.config["LOGIN_ACCOUNT_IP_RATE_LIMIT"].split("/")[0])
    for _ in range(limit):
        assert _login(client, user.username, "incorrecta").status_code == 200
    assert _login(client, user.username, "incorrecta").status_code == 429
    assert _login(client, user.username, "incorrecta", ip="10.99.0.1").status_code == 200


@pytest.mark.config(LOGIN_ACCOUNT_RATE_LIMIT="4/minute", LOGIN_MAX_FAILURES=100)
def test_failures_on_an_account_from_many_addresses_throttle_the_account(client):
    user = make_user()
    for n in range(4):
        _login(client, user.username, "incorrecta", ip=f"10.0.0.{n}")
    assert _login(client, user.username, PASSWORD, ip="10.0.1.1").status_code == 429
    assert _login(client, make_user().username, PASSWORD, ip="10.0.1.1").status_code == 302


@pytest.mark.config(LOGIN_ACCOUNT_IP_RATE_LIMIT="2/minute")
def test_successful_logins_do_not_count(client):
    user = make_user()
    for _ in range(5):
        assert _login(client, user.username, PASSWORD).status_code == 302
        client.post("/cuenta/salir")
