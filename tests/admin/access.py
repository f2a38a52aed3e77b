"""Admin routes of the catalog's extra questions and of user accounts for the access matrix."""
from app.extensions import db
from app.units.models import CategoryAttribute
from tests.factories import make_category
from tests.roles import ADMIN

ATTRIBUTES = "/admin/catalogo/{attr_category}/atributos"

ROUTES = {
    "admin.attribute_form": ("GET", f"{ATTRIBUTES}/{{attribute}}/editar", ADMIN),
    "admin.attribute_status": ("POST", f"{ATTRIBUTES}/{{attribute}}/estado", ADMIN),
    "admin.user_end_sessions": ("POST", "/admin/usuarios/{user}/cerrar-sesiones", ADMIN),
    "admin.user_unlock": ("POST", "/admin/usuarios/{user}/desbloquear", ADMIN),
}


def make_objects(unit) -> dict:
    """A category with one extra question."""
    category = make_category(unit=unit)
    attribute = CategoryAttribute(category_id=category.id, code="tamano", datatype="string",
                                  description="¿De qué tamaño?", required=False, position=1,
                                  choices=[], active=True)
    db.session.add(attribute)
    db.session.commit()
    return {"attr_category": category.id, "attribute": attribute.id}
