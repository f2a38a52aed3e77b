"""Fixtures of the visits screens."""
import pytest

from tests.factories import make_user


@pytest.fixture
def secretary(login_as):
    """A Secretaría Técnica user, logged in (the visits screens are theirs)."""
    user = make_user(role="secretary")
    login_as(user)
    return user
