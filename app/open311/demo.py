"""Demo rows of the Open311 feature, made through its services: a key and a few requests."""
from datetime import datetime, timedelta

from app.open311.services import RequestInput, create_service_request, issue_api_key

DEMO_REQUESTS = [
    ("Luminaria parpadeando toda la noche en la esquina.", "23.1751", "-102.8712", None),
    ("Bache grande en el carril derecho, ya hubo un accidente.", "23.1689", "-102.8654", None),
    ("Contenedor de basura desbordado desde hace tres días.", None, None,
     "Calle Juárez y Morelos, Centro, Fresnillo"),
    ("Fuga de agua potable en la banqueta.", "23.1802", "-102.8790", None),
]


def seed_api_requests(now: datetime, categories, admin) -> int:
    """Issue the demo key (its value is not kept) and file the demo requests with it."""
    public = [cat for cat in categories if cat.public and cat.active]
    if not public:
        return 0
    key, _raw = issue_api_key("Sitio web municipal (demostración)", admin, now=now)
    for number, (description, lat, long, address) in enumerate(DEMO_REQUESTS):
        data = RequestInput(service_code=public[number % len(public)].code,
                            description=description, lat=lat, long=long, address_string=address)
        create_service_request(key, data, now=now - timedelta(hours=5 * (number + 1)))
    return len(DEMO_REQUESTS)
