"""Fixed demo vocabularies of Fresnillo: units, catalog, colonias, accounts."""

UNITS = [
    ("Secretaría de Gobierno", "SGOB", "Lic. Ernesto Ramírez Dávila"),
    ("Tesorería Municipal", "TES", "C.P. Laura Méndez Ortiz"),
    ("Obras Públicas", "OBRAS", "Ing. Jorge Salazar Núñez"),
    ("Servicios Públicos", "SERV", "Ing. Martha Delgado Ruiz"),
    ("Desarrollo Social", "DESOC", "Lic. Ana Karen Torres"),
    ("Seguridad Pública", "SEGPUB", "Cmdte. Raúl Esparza Gallegos"),
    ("Sistema Municipal DIF", "DIF", "Lic. Patricia Herrera Luna"),
    ("Desarrollo Económico", "DESECO", "Lic. Hugo Castañeda Reyes"),
    ("Sistema de Agua Potable (SIAPASF)", "AGUA", "Ing. Daniel Ortega Saucedo"),
    ("Catastro", "CATAS", "Arq. Sofía Landa Pérez"),
    ("Contraloría Municipal", "CONTR", "C.P. Miguel Ángel Valdez"),
    ("Ecología y Medio Ambiente", "ECOL", "Biól. Teresa Galván Rosales"),
    ("Desarrollo Urbano", "DESURB", "Arq. Francisco Ibarra Solís"),
    ("Protección Civil", "PCIVIL", "Lic. Gerardo Muñoz Acosta"),
    ("Tránsito y Vialidad", "TRANS", "Cmdte. Alejandra Rivas Cano"),
    ("Salud Municipal", "SALUD", "Dra. Claudia Espinoza Vela"),
    ("Educación y Cultura", "EDUC", "Mtro. Rubén Aguilar Frausto"),
    ("Desarrollo Agropecuario", "AGRO", "Ing. Pedro Chávez Robles"),
    ("Instituto Municipal de la Mujer", "MUJER", "Lic. Verónica Soto Macías"),
    ("Deporte y Juventud", "DEPOR", "Lic. Óscar Medina Carrillo"),
]

# (code, name, unit code, due business days, public, description)
CATEGORIES = [
    ("alumbrado", "Alumbrado público", "SERV", 5, True, "Luminarias apagadas, dañadas o encendidas de día."),
    ("bacheo", "Bacheo y pavimento", "OBRAS", 15, True, "Baches, hundimientos y pavimento dañado."),
    ("basura", "Recolección de basura", "SERV", 3, True, "Ruta de recolección que no pasó, basura acumulada."),
    ("fuga-agua", "Fuga de agua potable", "AGUA", 2, True, "Fugas en la red o en tomas domiciliarias."),
    ("falta-agua", "Falta de agua", "AGUA", 3, True, "Colonias o domicilios sin suministro."),
    ("drenaje", "Drenaje y alcantarillado", "AGUA", 5, True, "Drenaje tapado, brotes de aguas negras."),
    ("parques", "Parques y jardines", "SERV", 10, True, "Poda, riego y mantenimiento de áreas verdes."),
    ("limpieza", "Limpieza de calles y lotes baldíos", "ECOL", 10, True, "Lotes baldíos con maleza o basura."),
    ("animales", "Animales en situación de calle", "SALUD", 10, True, "Perros en situación de calle o agresivos."),
    ("ruido", "Ruido y contaminación", "ECOL", 10, True, "Ruido excesivo, humo u olores."),
    ("semaforos", "Semáforos y señalamiento vial", "TRANS", 5, True, "Semáforos descompuestos, señales dañadas."),
    ("seguridad", "Vigilancia y seguridad", "SEGPUB", 5, True, "Solicitud de rondines y vigilancia."),
    ("riesgo", "Riesgos y protección civil", "PCIVIL", 3, True, "Árboles o bardas con riesgo de caer."),
    ("construccion", "Construcción irregular", "DESURB", 15, True, "Obras sin permiso o invasión de vía pública."),
    ("comercio", "Comercio en vía pública", "SGOB", 10, True, "Puestos que obstruyen banquetas o calles."),
    ("predial", "Predial y pagos", "TES", 5, False, "Aclaraciones de predial y pagos municipales."),
    ("catastro", "Trámites de catastro", "CATAS", 10, False, "Avalúos, deslindes y constancias."),
    ("apoyos", "Apoyos y programas sociales", "DESOC", 15, False, "Solicitud de apoyos de programas sociales."),
    ("dif", "Asistencia social DIF", "DIF", 10, False, "Apoyos funcionales, despensas y asistencia."),
    ("empleo", "Empleo y emprendimiento", "DESECO", 15, False, "Bolsa de trabajo y apoyos a negocios."),
    ("licencias", "Licencias de construcción", "DESURB", 15, False, "Permisos y licencias de construcción."),
    ("servidores", "Queja contra servidores públicos", "CONTR", 15, True, "Trato indebido o mal servicio."),
    ("campo", "Apoyos al campo", "AGRO", 20, False, "Programas para productores agropecuarios."),
    ("deporte", "Espacios deportivos", "DEPOR", 15, True, "Mantenimiento de unidades deportivas."),
    ("mujer", "Atención a mujeres", "MUJER", 5, False, "Orientación y acompañamiento."),
]

COLONIAS = [
    "Centro", "Industrial", "Las Américas", "Emiliano Zapata", "Francisco Villa",
    "Esparza", "Lomas de Plateros", "Las Flores", "Obrera", "Del Bosque",
    "Manantiales", "Arboledas", "Abel Dávila", "Miguel Hidalgo", "Solidaridad",
    "González Ortega", "Plan de Ayala", "Real de Minas", "Patria y Libertad", "Venustiano Carranza",
]
LOCALIDADES = ["Fresnillo", "Fresnillo", "Fresnillo", "Fresnillo", "Plateros",
               "Rancho Grande", "San José de Lourdes", "Estación San José"]
STREETS = ["Av. Hidalgo", "Calle Juárez", "Av. Huicot", "Calle Morelos", "Calle Allende",
           "Av. Plateros", "Calle García Salinas", "Av. Enrique Estrada", "Calle Zacatecas"]
FIRST_NAMES = ["María", "José", "Juan", "Guadalupe", "Francisco", "Rosa", "Luis", "Carmen",
               "Antonio", "Teresa", "Jesús", "Margarita", "Pedro", "Leticia", "Manuel", "Araceli"]
LAST_NAMES = ["Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez",
              "Sánchez", "Ramírez", "Flores", "Díaz", "Muñoz", "Escobedo", "Berumen", "Chairez"]
DESCRIPTIONS = {
    "alumbrado": "La luminaria frente al número {n} lleva varios días apagada.",
    "bacheo": "Hay un bache grande a la altura del número {n} que ya dañó varios vehículos.",
    "basura": "El camión recolector no ha pasado en toda la semana por la calle, número {n}.",
    "fuga-agua": "Fuga de agua en la banqueta frente al número {n}, se desperdicia desde ayer.",
}

DEMO_PASSWORD = "fresnillo2024"
# (username, name, role, unit code)
ACCOUNTS = [
    ("admin", "Administrador del sistema", "admin", None),
    ("secretaria", "Lic. Beatriz Acuña Robles", "secretary", None),
    ("recepcion", "Rocío Enríquez (ventanilla)", "frontdesk", None),
    ("obras", "Ing. Carlos Ruelas (Obras Públicas)", "unit", "OBRAS"),
    ("servicios", "Lic. Mónica Ávila (Servicios Públicos)", "unit", "SERV"),
]

# Cabinet agreements of the demo meetings: (weeks ago of the meeting, unit codes, text,
# business days to the due date, final status). Every status of the workflow appears, and
# some open ones fall overdue.
AGREEMENTS = [
    (3, ("OBRAS",), "Abatir a la mitad el rezago de bacheo en la zona centro.", 10, "cumplido"),
    (3, ("SERV",), "Regularizar la ruta 4 de recolección de basura.", 5, "cumplido"),
    (3, ("OBRAS", "AGUA"), "Reparar las fugas reportadas en la colonia Esparza.", 5, "en_proceso"),
    (3, ("TES",), "Entregar los informes semanales atrasados.", 3, "pendiente"),
    (2, ("SERV",), "Sustituir 40 luminarias apagadas en la avenida Hidalgo.", 8, "cumplido_propuesto"),
    (2, ("DESOC",), "Presentar el padrón de beneficiarios del programa alimentario.", 4, "cancelado"),
    (2, ("OBRAS",), "Atender las denuncias web con más de 30 días.", 15, "en_proceso"),
    (1, ("SERV", "PCIVIL"), "Retirar los anuncios en riesgo de caída antes de las lluvias.", 3, "cumplido"),
    (1, ("SERV",), "Limpieza del mercado Hidalgo antes de la feria.", 12, "pendiente"),
]

# The municipal development plan's axes: (code, name, objective).
PLAN_AXES = [
    ("EJE1", "Fresnillo seguro y en paz", "Reducir la incidencia delictiva y los riesgos."),
    ("EJE2", "Infraestructura y servicios de calidad",
     "Vialidades, alumbrado, agua y limpia que funcionen en todas las colonias."),
    ("EJE3", "Bienestar e inclusión", "Apoyos sociales que lleguen a quien más los necesita."),
    ("EJE4", "Desarrollo sustentable", "Cuidar el agua, el aire y las áreas verdes."),
    ("EJE5", "Gobierno abierto y eficiente", "Cuentas claras y atención ciudadana oportuna."),
]

# Demo work programs: unit code -> actions (key, name, axis, goal, measure, curve, quarterly
# targets, first month, last month, pace). The pace shapes the demo progress: 1.0 on
# schedule, below 1 behind, "stalled" stops five weeks ago, above 1 finishes early.
PROGRAMS = {
    "OBRAS": [
        ("OP-01", "Bacheo en vialidades primarias", "EJE2", 18000, "m²", "lineal", None, 1, 11, 1.0),
        ("OP-02", "Rehabilitación de calles con concreto hidráulico", "EJE2", 12, "km",
         "trimestral", (1, 4, 8, 12), 2, 12, 0.6),
        ("OP-03", "Construcción de banquetas en el Centro Histórico", "EJE2", 4500, "m²", "lineal", None, 3, 10, 1.15),
        ("OP-04", "Proyecto ejecutivo del colector pluvial Plateros", "EJE4", 100, "%", "lineal", None, 1, 9, "stalled"),
        ("OP-05", "Techado de canchas en escuelas", "EJE3", 6, "techumbres", "trimestral", (0, 2, 4, 6), 1, 12, 0.95),
    ],
    "SERV": [
        ("SP-01", "Sustitución de luminarias por LED", "EJE2", 2400, "luminarias", "lineal", None, 1, 12, 1.0),
        ("SP-02", "Poda y mantenimiento de áreas verdes", "EJE4", 160, "áreas verdes", "lineal", None, 1, 12, 0.7),
        ("SP-03", "Renovación de contenedores de basura", "EJE2", 300, "contenedores", "trimestral", (50, 150, 250, 300), 1, 12, 1.05),
        ("SP-04", "Rehabilitación del panteón municipal", "EJE2", 100, "%", "lineal", None, 2, 8, 1.2),
        ("SP-05", "Rehabilitación de fuentes y monumentos", "EJE2", 14, "fuentes", "lineal", None, 2, 11, "stalled"),
    ],
    "AGUA": [
        ("AG-01", "Sustitución de red de agua potable", "EJE2", 9, "km", "lineal", None, 1, 12, 0.7),
        ("AG-02", "Instalación de medidores domiciliarios", "EJE5", 3000, "medidores", "lineal", None, 1, 12, 1.0),
        ("AG-03", "Rehabilitación del pozo 14", "EJE4", 100, "%", "lineal", None, 3, 7, "stalled"),
        ("AG-04", "Reparación de fugas reportadas", "EJE2", 1800, "fugas", "lineal", None, 1, 12, 1.02),
    ],
    "DESOC": [
        ("DS-01", "Entrega de paquetes de útiles escolares", "EJE3", 15000, "paquetes", "trimestral", (0, 2000, 15000, 15000), 6, 9, 1.0),
        ("DS-02", "Comedores comunitarios en operación", "EJE3", 12, "comedores", "lineal", None, 1, 12, 0.65),
        ("DS-03", "Mejoramiento de vivienda (techos y pisos)", "EJE3", 400, "acciones", "lineal", None, 2, 11, 0.95),
        ("DS-04", "Censo de necesidades en colonias populares", "EJE3", 100, "%", "lineal", None, 1, 5, 1.1),
        ("DS-05", "Credencialización de adultos mayores", "EJE3", 2000, "credenciales", "lineal", None, 1, 12, "stalled"),
    ],
    "ECOL": [
        ("EC-01", "Reforestación urbana", "EJE4", 5000, "árboles", "trimestral", (500, 2500, 4000, 5000), 1, 12, 0.75),
        ("EC-02", "Limpieza de lotes baldíos", "EJE4", 600, "lotes", "lineal", None, 1, 12, 1.0),
        ("EC-03", "Campañas de acopio de residuos electrónicos", "EJE4", 8, "campañas", "lineal", None, 2, 11, 1.0),
        ("EC-04", "Verificación de emisiones de ladrilleras", "EJE4", 80, "ladrilleras", "lineal", None, 2, 11, "stalled"),
    ],
    "SEGPUB": [
        ("SG-01", "Instalación de cámaras de videovigilancia", "EJE1", 120, "cámaras", "lineal", None, 1, 12, 0.55),
        ("SG-02", "Capacitación de policías en proximidad", "EJE1", 250, "elementos", "trimestral", (60, 120, 200, 250), 1, 12, 1.0),
        ("SG-03", "Comités vecinales de seguridad", "EJE1", 40, "comités", "lineal", None, 1, 12, 1.0),
        ("SG-04", "Programa de prevención en escuelas", "EJE1", 60, "escuelas", "lineal", None, 2, 11, "stalled"),
    ],
    "SGOB": [
        ("GOB-01", "Audiencias públicas en comunidades", "EJE5", 24, "audiencias", "lineal", None, 1, 12, 1.0),
        ("GOB-02", "Actualización del Bando de Policía y Gobierno", "EJE5", 100, "%", "lineal", None, 2, 10, "stalled"),
        ("GOB-03", "Regularización de comerciantes en vía pública", "EJE5", 800, "permisos", "trimestral", (150, 380, 600, 800), 1, 12, 0.7),
        ("GOB-04", "Mesas de atención a organizaciones sociales", "EJE1", 48, "mesas", "lineal", None, 1, 12, 1.05),
    ],
    "TES": [
        ("TES-01", "Cobro del impuesto predial en campaña", "EJE5", 42000, "recibos", "trimestral", (18000, 27000, 34000, 42000), 1, 12, 1.0),
        ("TES-02", "Digitalización de expedientes de contribuyentes", "EJE5", 15000, "expedientes", "lineal", None, 1, 12, 0.6),
        ("TES-03", "Cajas de cobro móviles en comunidades", "EJE5", 36, "jornadas", "lineal", None, 2, 11, 1.1),
        ("TES-04", "Pago en línea de derechos municipales", "EJE5", 100, "%", "lineal", None, 1, 9, "stalled"),
    ],
    "DIF": [
        ("DIF-01", "Desayunos escolares calientes", "EJE3", 180000, "raciones", "lineal", None, 1, 12, 1.0),
        ("DIF-02", "Terapias en la Unidad Básica de Rehabilitación", "EJE3", 9600, "sesiones", "lineal", None, 1, 12, 1.03),
        ("DIF-03", "Entrega de sillas de ruedas y andaderas", "EJE3", 350, "aparatos", "trimestral", (50, 150, 250, 350), 1, 12, 0.6),
        ("DIF-04", "Talleres de crianza positiva", "EJE3", 40, "talleres", "lineal", None, 2, 11, "stalled"),
        ("DIF-05", "Despensas a familias en situación vulnerable", "EJE3", 6000, "despensas", "lineal", None, 1, 12, 0.95),
    ],
    "DESECO": [
        ("DE-01", "Microcréditos a emprendedores", "EJE3", 450, "créditos", "lineal", None, 1, 12, 0.8),
        ("DE-02", "Ferias del empleo", "EJE3", 6, "ferias", "trimestral", (1, 3, 4, 6), 1, 12, 1.0),
        ("DE-03", "Apertura rápida de empresas (SARE)", "EJE5", 300, "licencias", "lineal", None, 1, 12, 1.1),
        ("DE-04", "Remodelación del mercado Hidalgo", "EJE2", 100, "%", "lineal", None, 3, 12, "stalled"),
    ],
    "CATAS": [
        ("CAT-01", "Actualización de la cartografía catastral", "EJE5", 100, "%", "lineal", None, 1, 12, 0.75),
        ("CAT-02", "Avalúos de predios urbanos", "EJE5", 5000, "avalúos", "lineal", None, 1, 12, 1.0),
        ("CAT-03", "Regularización de predios en colonias populares", "EJE3", 900, "predios", "lineal", None, 2, 12, "stalled"),
        ("CAT-04", "Digitalización del archivo catastral", "EJE5", 30000, "expedientes", "trimestral", (6000, 14000, 22000, 30000), 1, 12, 1.02),
    ],
    "CONTR": [
        ("CON-01", "Auditorías a la obra pública", "EJE5", 24, "auditorías", "lineal", None, 1, 12, 1.0),
        ("CON-02", "Revisión de declaraciones patrimoniales", "EJE5", 1200, "declaraciones", "trimestral", (0, 1100, 1150, 1200), 1, 12, 1.0),
        ("CON-03", "Capacitación en ética e integridad", "EJE5", 600, "servidores públicos", "lineal", None, 2, 11, 0.55),
        ("CON-04", "Entrega-recepción electrónica", "EJE5", 100, "%", "lineal", None, 1, 10, "stalled"),
    ],
    "DESURB": [
        ("DU-01", "Actualización del Programa de Desarrollo Urbano", "EJE4", 100, "%", "lineal", None, 1, 12, 0.7),
        ("DU-02", "Licencias de construcción dictaminadas", "EJE5", 1400, "licencias", "lineal", None, 1, 12, 1.0),
        ("DU-03", "Placas de nomenclatura de calles", "EJE2", 2500, "placas", "lineal", None, 2, 12, "stalled"),
        ("DU-04", "Inspección de obras en construcción", "EJE5", 900, "inspecciones", "lineal", None, 1, 12, 1.05),
    ],
    "PCIVIL": [
        ("PC-01", "Inspecciones de seguridad a comercios", "EJE1", 1500, "inspecciones", "lineal", None, 1, 12, 1.0),
        ("PC-02", "Simulacros en escuelas y oficinas", "EJE1", 120, "simulacros", "trimestral", (20, 60, 90, 120), 1, 12, 0.65),
        ("PC-03", "Atlas municipal de riesgos", "EJE1", 100, "%", "lineal", None, 1, 11, "stalled"),
        ("PC-04", "Desazolve de arroyos antes de las lluvias", "EJE4", 18, "km", "lineal", None, 2, 6, 1.1),
        ("PC-05", "Capacitación de brigadas comunitarias", "EJE1", 60, "brigadas", "lineal", None, 1, 12, 0.9),
    ],
    "TRANS": [
        ("TR-01", "Balizamiento de cruces peatonales", "EJE1", 350, "cruces", "lineal", None, 1, 12, 1.0),
        ("TR-02", "Modernización de semáforos", "EJE2", 40, "semáforos", "trimestral", (5, 15, 28, 40), 1, 12, 0.6),
        ("TR-03", "Operativos de alcoholimetría", "EJE1", 150, "operativos", "lineal", None, 1, 12, 1.05),
        ("TR-04", "Educación vial en primarias", "EJE1", 90, "escuelas", "lineal", None, 2, 11, "stalled"),
    ],
    "SALUD": [
        ("SA-01", "Jornadas de salud en comunidades rurales", "EJE3", 48, "jornadas", "lineal", None, 1, 12, 1.0),
        ("SA-02", "Esterilización de perros y gatos", "EJE4", 4000, "esterilizaciones", "lineal", None, 1, 12, 0.7),
        ("SA-03", "Verificación sanitaria de venta de alimentos", "EJE3", 1100, "verificaciones", "lineal", None, 1, 12, 1.02),
        ("SA-04", "Detección de diabetes e hipertensión", "EJE3", 12000, "pruebas", "trimestral", (2000, 5000, 9000, 12000), 1, 12, "stalled"),
    ],
    "EDUC": [
        ("ED-01", "Becas municipales a estudiantes", "EJE3", 2500, "becas", "trimestral", (0, 1200, 1300, 2500), 1, 12, 1.0),
        ("ED-02", "Mantenimiento menor de escuelas", "EJE3", 80, "escuelas", "lineal", None, 1, 12, 0.65),
        ("ED-03", "Eventos culturales en plazas y comunidades", "EJE3", 96, "eventos", "lineal", None, 1, 12, 1.05),
        ("ED-04", "Rehabilitación de la biblioteca municipal", "EJE3", 100, "%", "lineal", None, 2, 10, "stalled"),
    ],
    "AGRO": [
        ("AGR-01", "Entrega de semilla mejorada de frijol", "EJE3", 1200, "productores", "trimestral", (0, 1000, 1200, 1200), 3, 7, 1.0),
        ("AGR-02", "Rehabilitación de caminos saca cosechas", "EJE2", 60, "km", "lineal", None, 1, 12, 0.7),
        ("AGR-03", "Bordos para captar agua de lluvia", "EJE4", 25, "bordos", "lineal", None, 2, 11, "stalled"),
        ("AGR-04", "Vacunación de ganado bovino", "EJE3", 20000, "cabezas", "lineal", None, 1, 12, 1.05),
    ],
    "MUJER": [
        ("IM-01", "Atención psicológica y jurídica a mujeres", "EJE3", 1800, "atenciones", "lineal", None, 1, 12, 1.0),
        ("IM-02", "Talleres de prevención de la violencia en secundarias", "EJE1", 70, "talleres", "lineal", None, 2, 11, 0.6),
        ("IM-03", "Cursos de autoempleo para mujeres", "EJE3", 40, "cursos", "trimestral", (8, 20, 30, 40), 1, 12, 1.02),
        ("IM-04", "Protocolo municipal contra el acoso laboral", "EJE5", 100, "%", "lineal", None, 1, 9, "stalled"),
    ],
    "DEPOR": [
        ("DEP-01", "Rehabilitación de unidades deportivas", "EJE3", 8, "unidades deportivas", "trimestral", (1, 3, 5, 8), 1, 12, 0.6),
        ("DEP-02", "Ligas deportivas municipales", "EJE3", 30, "ligas", "lineal", None, 1, 12, 1.0),
        ("DEP-03", "Activación física en colonias", "EJE3", 480, "sesiones", "lineal", None, 1, 12, 1.05),
        ("DEP-04", "Carrera atlética y torneos juveniles", "EJE3", 12, "eventos", "lineal", None, 2, 11, "stalled"),
    ],
}
