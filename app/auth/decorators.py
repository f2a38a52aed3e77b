"""The one helper every route uses to declare who may reach it."""
from functools import wraps

from flask import abort
from flask_login import current_user

from app.auth.permissions import Permission, has_permission
from app.extensions import login_manager


def permission_required(permission: Permission):
    """Require a logged-in user whose role grants ``permission`` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = permission
        return wrapped

    return decorator


def login_required(view):
    """Any logged-in user (own profile, logout)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapped.access = "login"
    return wrapped


def public(view):
    """Mark a route as deliberately open to anyone (login page, citizen portal)."""
    view.access = "public"
    return view
