"""Demo rows of the Open311 feature, made through its services: the extra questions of a
service, a key and a few requests (one answers those questions)."""
from datetime import datetime, timedelta

from app.open311.services import RequestInput, create_service_request, issue_api_key
from app.units.queries import list_attributes
from app.units.services import save_attribute

# (service code, attribute code, question, datatype, required, order, options text)
DEMO_ATTRIBUTES = [
    ("bacheo", "tamano", "¿De qué tamaño es el bache?", "singlevaluelist", True, 1,
     "chico = Chico (menos de 30 cm)\nmediano = Mediano (de 30 a 60 cm)\n"
     "grande = Grande (más de 60 cm)"),
    ("bacheo", "riesgos", "¿Qué riesgos causa? (puede elegir varios)", "multivaluelist", False, 2,
     "vehiculos = Daña vehículos\npeatones = Peligro para peatones\n"
     "agua = Acumula agua de lluvia"),
]
# (service code, description, lat, long, address, attribute answers)
DEMO_REQUESTS = [
    ("alumbrado", "Luminaria parpadeando toda la noche en la esquina.", "23.1751", "-102.8712",
     None, {}),
    ("bacheo", "Bache grande en el carril derecho, ya hubo un accidente.", "23.1689", "-102.8654",
     None, {"tamano": ["grande"], "riesgos": ["vehiculos", "peatones"]}),
    ("basura", "Contenedor de basura desbordado desde hace tres días.", None, None,
     "Calle Juárez y Morelos, Centro, Fresnillo", {}),
    ("fuga-agua", "Fuga de agua potable en la banqueta.", "23.1802", "-102.8790", None, {}),
]


def seed_service_attributes(categories) -> int:
    """Give the demo's public services their extra questions once (missing ones only)."""
    by_code = {cat.code: cat for cat in categories if cat.public}
    added = 0
    for service_code, code, question, datatype, required, order, options in DEMO_ATTRIBUTES:
        category = by_code.get(service_code)
        if category is None or any(a.code == code for a in list_attributes(category.id)):
            continue
        save_attribute(category, None, code=code, description=question, datatype=datatype,
                       required=required, position=order, choices=options, active=True)
        added += 1
    return added


def seed_api_requests(now: datetime, categories, admin) -> int:
    """Issue the demo key (its value is not kept) and file the demo requests with it."""
    public = {cat.code for cat in categories if cat.public and cat.active}
    requests = [row for row in DEMO_REQUESTS if row[0] in public]
    if not requests:
        return 0
    key, _raw = issue_api_key("Sitio web municipal (demostración)", admin, now=now)
    for number, (code, description, lat, long, address, answers) in enumerate(requests):
        data = RequestInput(service_code=code, description=description, lat=lat, long=long,
                            address_string=address, attributes=answers)
        create_service_request(key, data, now=now - timedelta(hours=5 * (number + 1)))
    return len(requests)
