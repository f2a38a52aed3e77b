# Configuración de gunicorn para la aplicación (la usan las unidades de systemd y la prueba
# scripts/prodcheck.py). Cada proceso escucha solo en 127.0.0.1: el público entra por nginx.
# El puerto lo da la línea de comandos (-b 127.0.0.1:8001), una instancia por puerto.
import os

wsgi_app = "wsgi:app"
# Dos workers por núcleo es un buen punto de partida; ajústelo con GUNICORN_WORKERS.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Las páginas más lentas (PDF de gabinete, CSV grandes) tardan segundos, no minutos.
timeout = 60
graceful_timeout = 30
# Solo se confía en el X-Forwarded-Proto del nginx local (la IP real la toma PROXY_COUNT=1).
forwarded_allow_ips = "127.0.0.1"
# El registro de cada petición ya lo escribe la aplicación (JSON, sin IP) en stderr/journald.
accesslog = None
errorlog = "-"
# Sin el socket de control de gunicorn: varias instancias en un servidor compartirían su ruta.
control_socket_disable = True
