"""Account routes (second login step, second factor) for the access matrix."""
ROLES = ("anonymous", "admin", "secretary", "frontdesk", "unit")
TWO_FACTOR = {"admin", "secretary"}

ROUTES = {
    "auth.login_code": ("GET", "/cuenta/entrar/codigo", set(ROLES)),
    "auth.two_factor_status": ("GET", "/cuenta/verificacion", TWO_FACTOR),
    "auth.two_factor_start": ("POST", "/cuenta/verificacion/nueva-clave", TWO_FACTOR),
    "auth.two_factor_confirm": ("GET", "/cuenta/verificacion/confirmar", TWO_FACTOR),
    "auth.two_factor_disable": ("POST", "/cuenta/verificacion/desactivar", TWO_FACTOR),
}
