"""Demo step of the directory: dozens of fictional services in Valmira and the Tazrout province.

Every organisation, place, phone number and service here is invented. Some listings are
deliberately stale (not verified for over a year) and many miss some translations, so that
staff tools have something to show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pontes.core import services as core_services
from pontes.core.demo import DemoContext
from pontes.core.models import Organisation, Territory

from . import services
from .models import Location, Service

# slug, territory key, kind, name, original language, description
ORGANISATIONS = [
    (
        "valmira-oam",
        "valmira",
        "public_body",
        "Oficina Municipal de Atención a Migrantes",
        "es",
        "Servicio municipal de acogida, información y orientación (ficticio).",
    ),
    (
        "centro-salud-puerto",
        "valmira-puerto",
        "health",
        "Centro de Salud Barrio del Puerto",
        "es",
        "Centro de atención primaria del distrito (ficticio).",
    ),
    (
        "mujeres-del-mundo",
        "valmira-centro",
        "migrant_association",
        "Asociación Mujeres del Mundo",
        "es",
        "Mujeres migrantes y de aquí que se apoyan (ficticia).",
    ),
    ("cruz-solidaria", "valmira", "ngo", "Cruz Solidaria Valmira", "es", "Acogida de emergencia (ficticia)."),
    (
        "abogacia-solidaria",
        "valmira-centro",
        "ngo",
        "Abogacía Solidaria Valmira",
        "es",
        "Abogadas y abogados voluntarios (ficticio).",
    ),
    (
        "sindicato-comarcal",
        "valmira",
        "union",
        "Sindicato Comarcal de Valmira",
        "es",
        "Orientación laboral y derechos en el trabajo (ficticio).",
    ),
    (
        "centre-formation-amzrou",
        "amzrou",
        "school",
        "Centre de formation professionnelle d'Amzrou",
        "fr",
        "Formation professionnelle et langues (fictif).",
    ),
    (
        "femmes-familles-tazrout",
        "tazrout",
        "ngo",
        "Association Femmes et Familles de Tazrout",
        "fr",
        "Soutien aux familles dont un membre vit à l'étranger (fictive).",
    ),
]

# organisation slug, territory key, name, address line, lat offset, lon offset, accessibility
LOCATIONS = [
    (
        "valmira-oam",
        "valmira-centro",
        "Oficina Municipal — Plaza Mayor",
        "Plaza Mayor 1",
        0.004,
        -0.006,
        "Entrada a nivel de calle y ascensor",
    ),
    (
        "valmira-oam",
        "valmira-puerto",
        "Punto de atención del Puerto",
        "Calle de la Lonja 14",
        -0.021,
        0.018,
        "",
    ),
    (
        "puente-abierto",
        "valmira-puerto",
        "Casa Puente Abierto",
        "Calle del Río 12",
        -0.018,
        0.022,
        "Planta baja accesible",
    ),
    (
        "escuela-las-eras",
        "valmira-las-eras",
        "Escuela de Idiomas Las Eras",
        "Avenida de las Eras 40",
        0.025,
        0.031,
        "Rampa y aseo adaptado",
    ),
    (
        "centro-salud-puerto",
        "valmira-puerto",
        "Centro de Salud Barrio del Puerto",
        "Calle Marinera 3",
        -0.023,
        0.015,
        "Accesible en silla de ruedas",
    ),
    (
        "mujeres-del-mundo",
        "valmira-centro",
        "Local de Mujeres del Mundo",
        "Calle Nueva 8, bajo",
        0.006,
        0.002,
        "",
    ),
    ("cruz-solidaria", "valmira-las-eras", "Albergue Las Eras", "Camino del Molino 2", 0.031, 0.027, ""),
    (
        "abogacia-solidaria",
        "valmira-centro",
        "Colegio de la Abogacía — sala 2",
        "Calle Mayor 22",
        0.003,
        -0.004,
        "Ascensor",
    ),
    (
        "sindicato-comarcal",
        "valmira-centro",
        "Sede del Sindicato Comarcal",
        "Avenida del Trabajo 5",
        0.010,
        -0.012,
        "",
    ),
    (
        "tazrout-en-valmira",
        "valmira-puerto",
        "Local de la Asociación",
        "Calle de los Almendros 7",
        -0.015,
        0.010,
        "",
    ),
    (
        "maison-migrants-tizgui",
        "tizgui",
        "Maison des migrants de Tizgui",
        "Avenue Hassan II, n° 10",
        0.010,
        0.012,
        "Rez-de-chaussée",
    ),
    (
        "centre-formation-amzrou",
        "amzrou",
        "Centre de formation d'Amzrou",
        "Route d'Amzrou, km 2",
        0.090,
        -0.140,
        "",
    ),
    (
        "femmes-familles-tazrout",
        "iguernane",
        "Local de l'association à Iguernane",
        "Place du Souk",
        -0.110,
        0.160,
        "",
    ),
]

WEEKDAYS = "MO,TU,WE,TH,FR"


def _s(byday: str, opens: str, closes: str, **extra: str) -> dict[str, str]:
    return {"byday": byday, "opens_at": opens, "closes_at": closes, **extra}


FREE = [{"amount": "0", "currency": "EUR", "option": "", "amount_description": ""}]

# Each service: organisation, place names (or []), territory key, payload, translations, stale?
SERVICES: list[dict[str, Any]] = [
    {
        "org": "valmira-oam",
        "places": ["Oficina Municipal — Plaza Mayor", "Punto de atención del Puerto"],
        "territory": "valmira",
        "name": "Información y orientación para personas recién llegadas",
        "description": "Te explicamos en tu idioma cómo empadronarte, pedir la tarjeta sanitaria, escolarizar a tus "
        "hijos y encontrar clases de español. Sin cita previa.",
        "needs": ["information", "documents", "legal_aid"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["one_stop_centre", "desk"],
        "languages": ["es", "ar", "fr", "wo", "en"],
        "schedules": [_s(WEEKDAYS, "09:00", "14:00"), _s("TU,TH", "16:00", "19:00")],
        "cost_options": FREE,
        "open_to_all": True,
        "no_documents_needed": True,
        "territory_roles": ["destination"],
        "legal_basis": "Plan Municipal de Convivencia (ficticio)",
        "translations": {
            "en": {
                "name": "Information and guidance for newcomers",
                "description": "We explain in your language how to register as a resident, get a health card, "
                "enrol your children in school and find Spanish classes. No appointment needed.",
            },
            "fr": {
                "name": "Information et orientation pour les nouveaux arrivants",
                "description": "Nous vous expliquons dans votre langue comment vous inscrire à la mairie, "
                "obtenir la carte de santé, inscrire vos enfants à l'école et trouver des cours d'espagnol.",
            },
            "ar": {
                "name": "الإعلام والتوجيه للوافدين الجدد",
                "description": "نشرح لك بلغتك كيف تسجّل في البلدية وتحصل على البطاقة الصحية وتسجّل أطفالك في "
                "المدرسة وتجد دروس اللغة الإسبانية. دون موعد مسبق.",
            },
        },
    },
    {
        "org": "escuela-las-eras",
        "places": ["Escuela de Idiomas Las Eras"],
        "territory": "valmira",
        "name": "Clases de español A1 por la tarde",
        "description": "Curso de español para principiantes, dos tardes por semana. Material incluido.",
        "needs": ["language"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["A1"],
        "languages": ["es", "ar", "fr"],
        "schedules": [_s("MO,WE", "18:30", "20:30")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "translations": {
            "fr": {
                "name": "Cours d'espagnol A1 le soir",
                "description": "Cours d'espagnol pour débutants, deux soirs par semaine. Matériel compris.",
            },
            "ar": {
                "name": "دروس اللغة الإسبانية المستوى A1 مساءً",
                "description": "دروس في اللغة الإسبانية للمبتدئين، مساءين في الأسبوع. الأدوات مشمولة.",
            },
            "en": {"name": "Evening Spanish classes, level A1"},
        },
    },
    {
        "org": "puente-abierto",
        "places": ["Casa Puente Abierto"],
        "territory": "valmira",
        "name": "Clases de español A2 y B1",
        "description": "Grupos pequeños para seguir aprendiendo español y preparar el examen oficial.",
        "needs": ["language"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["A2", "B1"],
        "languages": ["es", "fr", "wo"],
        "schedules": [_s("TU,TH", "18:00", "20:00")],
        "cost_options": [{"amount": "15", "currency": "EUR", "option": "al mes", "amount_description": ""}],
        "translations": {"fr": {"name": "Cours d'espagnol A2 et B1"}},
    },
    {
        "org": "escuela-las-eras",
        "places": ["Escuela de Idiomas Las Eras"],
        "territory": "valmira",
        "name": "Español intensivo B2 por la mañana",
        "description": "Curso intensivo de nivel B2, de lunes a viernes por la mañana.",
        "needs": ["language", "education"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["B2"],
        "languages": ["es"],
        "schedules": [_s(WEEKDAYS, "10:00", "13:00")],
        "cost_options": [
            {"amount": "60", "currency": "EUR", "option": "por trimestre", "amount_description": ""}
        ],
        "required_documents": ["Documento de identidad o pasaporte"],
    },
    {
        "org": "mujeres-del-mundo",
        "places": ["Local de Mujeres del Mundo"],
        "territory": "valmira",
        "name": "Alfabetización y español para mujeres",
        "description": "Aprender a leer y escribir en español entre mujeres, con cuidado de niños durante la clase.",
        "needs": ["language", "social_cultural"],
        "phases": ["stay"],
        "target_groups": ["women"],
        "delivery_modes": ["desk"],
        "levels": ["A1"],
        "languages": ["es", "ar", "ff"],
        "schedules": [_s("SA", "10:00", "12:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "translations": {
            "ar": {"name": "محو الأمية والإسبانية للنساء"},
            "fr": {"name": "Alphabétisation et espagnol pour les femmes"},
        },
    },
    {
        "org": "centro-salud-puerto",
        "places": ["Centro de Salud Barrio del Puerto"],
        "territory": "valmira",
        "name": "Interpretación en la consulta médica",
        "description": "Intérpretes por teléfono o en persona para que entiendas al médico y te entiendan.",
        "needs": ["interpretation", "health"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk", "phone_line"],
        "languages": ["es", "ar", "wo", "fr", "en", "ro"],
        "schedules": [_s(WEEKDAYS, "08:00", "15:00")],
        "cost_options": FREE,
        "open_to_all": True,
        "translations": {
            "en": {"name": "Interpreting at the doctor's"},
            "fr": {"name": "Interprétariat en consultation"},
            "ar": {"name": "الترجمة الفورية عند الطبيب"},
        },
    },
    {
        "org": "centro-salud-puerto",
        "places": ["Centro de Salud Barrio del Puerto"],
        "territory": "valmira",
        "name": "Atención sanitaria aunque no tengas papeles",
        "description": "Te ayudamos a pedir la tarjeta sanitaria. La atención de urgencias, embarazo y menores es "
        "siempre gratuita.",
        "needs": ["health", "documents"],
        "phases": ["stay", "transit"],
        "target_groups": ["undocumented", "everyone"],
        "delivery_modes": ["desk"],
        "languages": ["es", "fr", "ar"],
        "schedules": [_s(WEEKDAYS, "08:00", "15:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "translations": {
            "fr": {"name": "Soins de santé même sans papiers"},
            "ar": {"name": "الرعاية الصحية حتى بدون أوراق"},
        },
    },
    {
        "org": "centro-salud-puerto",
        "places": ["Centro de Salud Barrio del Puerto"],
        "territory": "valmira",
        "name": "Consulta joven de salud sexual y reproductiva",
        "description": "Anticoncepción, pruebas y dudas, de forma confidencial.",
        "needs": ["health"],
        "phases": ["stay"],
        "target_groups": ["youth", "women"],
        "delivery_modes": ["desk"],
        "languages": ["es", "en"],
        "schedules": [_s("WE", "16:00", "19:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "minimum_age": 14,
        "maximum_age": 25,
    },
    {
        "org": "abogacia-solidaria",
        "places": ["Colegio de la Abogacía — sala 2"],
        "territory": "valmira",
        "name": "Asesoría jurídica gratuita en extranjería",
        "description": "Permisos de residencia y trabajo, arraigo, recursos y renovaciones. Primera consulta gratuita.",
        "needs": ["legal_aid", "documents", "family_reunification"],
        "phases": ["stay"],
        "target_groups": ["everyone", "labour_migrants", "undocumented"],
        "delivery_modes": ["desk"],
        "languages": ["es", "fr", "en"],
        "schedules": [_s("TU", "17:00", "20:00")],
        "cost_options": FREE,
        "required_documents": ["Pasaporte o documento de identidad, si lo tienes"],
        "translations": {
            "fr": {"name": "Conseil juridique gratuit sur le droit des étrangers"},
            "en": {"name": "Free legal advice on immigration law"},
        },
    },
    {
        "org": "valmira-oam",
        "places": ["Oficina Municipal — Plaza Mayor"],
        "territory": "valmira",
        "name": "Acompañamiento en la reagrupación familiar",
        "description": "Te guiamos paso a paso para traer a tu familia: requisitos, informe de vivienda y citas.",
        "needs": ["family_reunification", "documents"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "languages": ["es", "ar", "fr"],
        "schedules": [_s("MO,WE", "10:00", "13:00")],
        "cost_options": FREE,
        "required_documents": ["Permiso de residencia", "Contrato de alquiler o escritura"],
        "translations": {"ar": {"name": "المرافقة في إجراءات التجمع العائلي"}},
    },
    {
        "org": "cruz-solidaria",
        "places": ["Albergue Las Eras"],
        "territory": "valmira",
        "name": "Albergue de acogida temporal",
        "description": "Cama, comida y ducha para personas sin hogar o recién llegadas sin recursos. Abierto todo el año.",
        "needs": ["housing"],
        "phases": ["transit", "stay"],
        "target_groups": ["asylum_seekers", "refugees", "undocumented", "everyone"],
        "delivery_modes": ["one_stop_centre"],
        "languages": ["es", "fr", "ar", "en"],
        "schedules": [_s("MO,TU,WE,TH,FR,SA,SU", "", "")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "translations": {
            "en": {"name": "Temporary shelter"},
            "fr": {"name": "Hébergement d'urgence"},
            "ar": {"name": "مأوى مؤقت"},
        },
    },
    {
        "org": "sindicato-comarcal",
        "places": ["Sede del Sindicato Comarcal"],
        "territory": "valmira",
        "name": "Orientación laboral y bolsa de empleo",
        "description": "Preparamos tu currículum, te informamos de tus derechos y te ponemos en contacto con empresas.",
        "needs": ["employment", "skills_recognition"],
        "phases": ["stay", "return"],
        "target_groups": ["labour_migrants", "returnees", "everyone"],
        "delivery_modes": ["desk", "online"],
        "languages": ["es", "ar", "ro"],
        "schedules": [_s("MO,TH", "10:00", "13:00"), _s("MO,TH", "17:00", "19:00")],
        "cost_options": FREE,
        "translations": {"fr": {"name": "Orientation professionnelle et offres d'emploi"}},
    },
    {
        "org": "valmira-oam",
        "places": ["Oficina Municipal — Plaza Mayor"],
        "territory": "valmira",
        "name": "Ayuda para homologar títulos y diplomas",
        "stale": True,
        "description": "Te ayudamos a preparar la solicitud de homologación o equivalencia de tus estudios.",
        "needs": ["skills_recognition", "education"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "languages": ["es", "fr"],
        "schedules": [_s("WE", "10:00", "13:00")],
        "cost_options": FREE,
    },
    {
        "org": "puente-abierto",
        "places": ["Casa Puente Abierto"],
        "territory": "valmira",
        "name": "Apoyo psicológico en árabe y francés",
        "description": "Espacio de escucha con psicólogas que hablan tu idioma. Confidencial.",
        "needs": ["psychosocial"],
        "phases": ["stay", "transit"],
        "target_groups": ["refugees", "asylum_seekers"],
        "delivery_modes": ["desk", "phone_line"],
        "languages": ["ar", "fr", "es"],
        "schedules": [_s("FR", "10:00", "14:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "translations": {
            "ar": {"name": "دعم نفسي باللغتين العربية والفرنسية"},
            "fr": {"name": "Soutien psychologique en arabe et en français"},
        },
    },
    {
        "org": "tazrout-en-valmira",
        "places": ["Local de la Asociación"],
        "territory": "valmira",
        "name": "Atelier : envoyer de l'argent au pays sans payer trop",
        "original_language": "fr",
        "description": "Comparer les frais, éviter les pièges, ouvrir un compte. Le deuxième samedi du mois.",
        "needs": ["financial_literacy"],
        "phases": ["stay"],
        "target_groups": ["diaspora", "labour_migrants"],
        "delivery_modes": ["desk"],
        "languages": ["fr", "ar", "es"],
        "schedules": [_s("2SA", "11:00", "13:00", description="Le deuxième samedi du mois")],
        "cost_options": FREE,
        "translations": {
            "es": {"name": "Taller: enviar dinero a casa sin pagar de más"},
            "ar": {"name": "ورشة: إرسال المال إلى البلد دون دفع الكثير"},
        },
    },
    {
        "org": "tazrout-en-valmira",
        "places": ["Local de la Asociación"],
        "territory": "valmira",
        "name": "Entreprendre ici et au pays",
        "original_language": "fr",
        "description": "Accompagnement de projets d'entreprise à Valmira ou dans la province de Tazrout.",
        "needs": ["business"],
        "phases": ["stay", "return"],
        "target_groups": ["diaspora", "returnees"],
        "delivery_modes": ["desk", "online"],
        "languages": ["fr", "ar", "es"],
        "schedules": [_s("TU", "18:00", "20:00")],
        "cost_options": FREE,
        "territory_roles": ["destination", "origin"],
    },
    {
        "org": "valmira-oam",
        "places": [],
        "territory": "valmira",
        "name": "Línea de atención contra la discriminación",
        "description": "Si te han tratado mal por tu origen, tu religión o tu color de piel, llámanos. Anónimo.",
        "needs": ["anti_discrimination", "legal_aid"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["phone_line"],
        "languages": ["es", "ar", "fr", "en", "wo"],
        "schedules": [_s(WEEKDAYS, "09:00", "21:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "phones": [{"number": "+34 900 000 210", "languages": ["es", "ar", "fr", "en", "wo"]}],
        "translations": {
            "en": {"name": "Anti-discrimination helpline"},
            "fr": {"name": "Ligne d'écoute contre les discriminations"},
            "ar": {"name": "خط المساعدة ضد التمييز"},
        },
    },
    {
        "org": "mujeres-del-mundo",
        "places": ["Local de Mujeres del Mundo"],
        "territory": "valmira",
        "name": "Café intercultural y club de lectura",
        "description": "Conversación en español, té y libros, para conocer gente del barrio.",
        "needs": ["social_cultural", "language"],
        "phases": ["stay"],
        "target_groups": ["everyone", "women"],
        "delivery_modes": ["desk"],
        "languages": ["es"],
        "schedules": [_s("TH", "18:00", "20:00")],
        "cost_options": FREE,
        "open_to_all": True,
    },
    {
        "org": "valmira-oam",
        "places": ["Oficina Municipal — Plaza Mayor"],
        "territory": "valmira",
        "name": "Cómo participar en el Consejo Municipal de la Inmigración",
        "description": "Información sobre el consejo consultivo, sus reuniones y cómo presentar propuestas.",
        "needs": ["civic"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk", "online"],
        "languages": ["es", "ar", "fr"],
        "schedules": [_s("TH", "10:00", "13:00")],
        "cost_options": FREE,
    },
    {
        "org": "escuela-las-eras",
        "places": ["Escuela de Idiomas Las Eras"],
        "territory": "valmira",
        "name": "Refuerzo escolar para niñas y niños recién llegados",
        "description": "Apoyo con los deberes y el idioma para alumnado de primaria y secundaria.",
        "needs": ["education", "language"],
        "phases": ["stay"],
        "target_groups": ["youth"],
        "delivery_modes": ["desk"],
        "languages": ["es", "ar"],
        "schedules": [_s("MO,TU,WE,TH", "16:30", "18:30")],
        "cost_options": FREE,
        "maximum_age": 16,
    },
    {
        "org": "puente-abierto",
        "places": [],
        "territory": "valmira",
        "name": "Atención a víctimas de trata",
        "description": "Acompañamiento confidencial, alojamiento seguro y asesoría legal. Línea 24 horas.",
        "needs": ["anti_discrimination", "housing", "legal_aid", "psychosocial"],
        "phases": ["transit", "stay"],
        "target_groups": ["trafficking_survivors", "women"],
        "delivery_modes": ["phone_line", "outreach"],
        "languages": ["es", "en", "fr", "ro"],
        "schedules": [_s("MO,TU,WE,TH,FR,SA,SU", "", "")],
        "cost_options": FREE,
        "no_documents_needed": True,
        "phones": [{"number": "+34 900 000 333", "languages": ["es", "en", "fr", "ro"]}],
    },
    {
        "org": "puente-abierto",
        "places": ["Casa Puente Abierto"],
        "territory": "valmira",
        "name": "Espacio seguro para personas LGTBI migrantes",
        "stale": True,
        "description": "Grupo de apoyo mutuo y orientación legal sobre protección internacional.",
        "needs": ["psychosocial", "legal_aid"],
        "phases": ["stay"],
        "target_groups": ["lgbti"],
        "delivery_modes": ["desk"],
        "languages": ["es", "en", "fr"],
        "schedules": [_s("1WE", "19:00", "21:00")],
        "cost_options": FREE,
        "no_documents_needed": True,
    },
    {
        "org": "sindicato-comarcal",
        "places": ["Sede del Sindicato Comarcal"],
        "territory": "valmira",
        "name": "Inglés para el empleo (A2)",
        "description": "Inglés práctico para hostelería y logística.",
        "needs": ["language", "employment"],
        "phases": ["stay"],
        "target_groups": ["labour_migrants"],
        "delivery_modes": ["desk"],
        "levels": ["A2"],
        "languages": ["es", "en"],
        "schedules": [_s("SA", "09:30", "12:30")],
        "cost_options": [
            {"amount": "20", "currency": "EUR", "option": "matrícula", "amount_description": ""}
        ],
    },
    # --- Province of Tazrout (origin) ---
    {
        "org": "maison-migrants-tizgui",
        "places": ["Maison des migrants de Tizgui"],
        "territory": "tizgui",
        "name": "Guichet migration : s'informer avant de décider",
        "original_language": "fr",
        "description": "Partir, comment, avec quels papiers, quels risques : un conseiller répond à vos questions, "
        "sans jugement.",
        "needs": ["information", "documents"],
        "phases": ["pre_decision", "pre_departure"],
        "target_groups": ["labour_migrants", "youth", "everyone"],
        "delivery_modes": ["one_stop_centre"],
        "languages": ["ar", "zgh", "fr"],
        "schedules": [_s("MO,TU,WE,TH", "09:00", "16:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
        "territory_roles": ["origin"],
        "translations": {
            "ar": {
                "name": "شباك الهجرة: اطّلع قبل أن تقرر",
                "description": "الهجرة، كيف، بأي وثائق، وما المخاطر: يجيب مستشار عن أسئلتك دون أحكام.",
            },
            "en": {"name": "Migration desk: get informed before you decide"},
        },
    },
    {
        "org": "maison-migrants-tizgui",
        "places": ["Maison des migrants de Tizgui"],
        "territory": "tizgui",
        "name": "Séance d'orientation avant le départ pour l'Espagne",
        "original_language": "fr",
        "description": "Vos droits au travail, le logement, la santé et la langue en Espagne. Une séance par mois.",
        "needs": ["information", "legal_aid", "language"],
        "phases": ["pre_departure"],
        "target_groups": ["labour_migrants", "everyone"],
        "delivery_modes": ["one_stop_centre"],
        "languages": ["ar", "fr", "zgh"],
        "schedules": [_s("1SA", "10:00", "13:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
        "territory_roles": ["origin"],
        "translations": {"ar": {"name": "حصة توجيهية قبل السفر إلى إسبانيا"}},
    },
    {
        "org": "centre-formation-amzrou",
        "places": ["Centre de formation d'Amzrou"],
        "territory": "amzrou",
        "name": "Cours d'espagnol pour débutants",
        "original_language": "fr",
        "description": "Apprendre les bases de l'espagnol avant le départ : se présenter, le travail, la santé.",
        "needs": ["language"],
        "phases": ["pre_departure"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["A1"],
        "languages": ["ar", "fr", "es"],
        "schedules": [_s("MO,WE", "17:00", "19:00")],
        "cost_options": [
            {"amount": "100", "currency": "MAD", "option": "par mois", "amount_description": ""}
        ],
        "translations": {
            "ar": {"name": "دروس اللغة الإسبانية للمبتدئين"},
            "es": {"name": "Español para principiantes"},
        },
    },
    {
        "org": "maison-migrants-tizgui",
        "places": ["Maison des migrants de Tizgui"],
        "territory": "tizgui",
        "name": "Vérifier une offre d'emploi à l'étranger",
        "original_language": "fr",
        "description": "Avant de payer un intermédiaire, faites vérifier l'offre et l'agence. Le recrutement ne doit "
        "rien vous coûter.",
        "needs": ["employment", "anti_discrimination"],
        "phases": ["pre_decision", "pre_departure"],
        "target_groups": ["labour_migrants"],
        "delivery_modes": ["desk", "phone_line"],
        "languages": ["ar", "fr"],
        "schedules": [_s("TU", "10:00", "12:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
        "translations": {"ar": {"name": "تحقق من عرض عمل في الخارج"}},
    },
    {
        "org": "maison-migrants-tizgui",
        "places": ["Maison des migrants de Tizgui"],
        "territory": "tizgui",
        "name": "Accompagnement au retour et à la réinsertion",
        "original_language": "fr",
        "description": "Emploi, création d'activité, soutien psychologique et démarches pour les personnes qui "
        "reviennent.",
        "needs": ["employment", "business", "psychosocial"],
        "phases": ["return"],
        "target_groups": ["returnees"],
        "delivery_modes": ["one_stop_centre"],
        "languages": ["ar", "fr", "zgh"],
        "schedules": [_s("WE,TH", "09:00", "16:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
    },
    {
        "org": "femmes-familles-tazrout",
        "places": ["Local de l'association à Iguernane"],
        "territory": "iguernane",
        "name": "Soutien aux familles restées au pays",
        "original_language": "fr",
        "description": "Écoute, aide scolaire pour les enfants et conseils pour gérer l'argent envoyé.",
        "needs": ["families_left_behind", "psychosocial", "financial_literacy", "education"],
        "phases": ["stay"],
        "target_groups": ["families_left_behind", "women", "youth"],
        "delivery_modes": ["desk", "outreach"],
        "languages": ["ar", "zgh"],
        "schedules": [_s("SA,SU", "10:00", "13:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
        "open_to_all": True,
        "translations": {"ar": {"name": "دعم الأسر التي بقيت في البلد"}},
    },
    {
        "org": "centre-formation-amzrou",
        "places": ["Centre de formation d'Amzrou"],
        "territory": "amzrou",
        "name": "Faire reconnaître les compétences acquises à l'étranger",
        "original_language": "fr",
        "stale": True,
        "description": "Bilan de compétences et certification pour les personnes de retour.",
        "needs": ["skills_recognition"],
        "phases": ["return"],
        "target_groups": ["returnees"],
        "delivery_modes": ["desk"],
        "languages": ["ar", "fr"],
        "schedules": [_s("TU,TH", "09:00", "12:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
    },
    {
        "org": "femmes-familles-tazrout",
        "places": [],
        "territory": "tazrout",
        "name": "Unité mobile d'information dans les villages",
        "original_language": "fr",
        "description": "Une équipe passe dans les villages de la province pour informer sur la migration sûre.",
        "needs": ["information"],
        "phases": ["pre_decision"],
        "target_groups": ["everyone", "youth"],
        "delivery_modes": ["mobile_unit", "outreach"],
        "languages": ["zgh", "ar"],
        "schedules": [_s("TH", "09:00", "17:00")],
        "cost_options": [{"amount": "0", "currency": "MAD", "option": "", "amount_description": ""}],
        "translations": {"ar": {"name": "وحدة إعلام متنقلة في القرى"}},
    },
]


def create_demo_services(context: DemoContext) -> None:
    rng = context.rng("directory")
    territories = {t.slug: t for t in Territory.objects.all()}
    key_to_slug = {
        "valmira": "valmira",
        "valmira-puerto": "valmira-puerto",
        "valmira-centro": "valmira-centro",
        "valmira-las-eras": "valmira-las-eras",
        "tazrout": "tazrout",
        "tizgui": "tizgui",
        "amzrou": "amzrou",
        "iguernane": "iguernane",
    }
    for slug, territory_key, kind, name, language, description in ORGANISATIONS:
        if not Organisation.objects.filter(slug=slug).exists():
            core_services.create_organisation(
                actor=None,
                territory=territories[key_to_slug[territory_key]],
                slug=slug,
                kind=kind,
                name=name,
                original_language=language,
                description=description,
            )
    organisations = {o.slug: o for o in Organisation.objects.all()}
    places: dict[str, Location] = {}
    for org_slug, territory_key, name, street, dlat, dlon, access in LOCATIONS:
        organisation = organisations[org_slug]
        territory = territories[key_to_slug[territory_key]]
        existing = Location.objects.filter(organization=organisation, name=name).first()
        if existing is None:
            base = territory if territory.latitude is not None else territory_parent_with_point(territory)
            assert base.latitude is not None and base.longitude is not None
            country = "ES" if territory.path.startswith(territories["spain"].path) else "MA"
            existing = services.save_location(
                actor=None,
                organization=organisation,
                territory=territory,
                values={
                    "name": name,
                    "original_language": organisation.original_language,
                    "latitude": (Decimal(base.latitude) + Decimal(str(dlat))).quantize(Decimal("0.000001")),
                    "longitude": (Decimal(base.longitude) + Decimal(str(dlon))).quantize(Decimal("0.000001")),
                    "transportation": "",
                },
                address={
                    "address_1": street,
                    "city": base.name,
                    "country": country,
                    "postal_code": f"{rng.randint(10000, 99999)}",
                },
                accessibility=access,
            )
        places[name] = existing
    for spec in SERVICES:
        organisation = organisations[spec["org"]]
        if Service.objects.filter(organization=organisation, name=spec["name"]).exists():
            continue
        payload = {k: v for k, v in spec.items() if k not in {"org", "places", "territory", "stale"}}
        payload.setdefault("original_language", organisation.original_language)
        payload["location_ids"] = [str(places[p].pk) for p in spec["places"]]
        service = services.create_service(
            actor=None,
            organization=organisation,
            territory=territories[key_to_slug[spec["territory"]]],
            payload=payload,
        )
        if spec.get("stale"):
            Service.objects.filter(pk=service.pk).update(
                assured_date=timezone.localdate() - datetime.timedelta(days=400 + rng.randint(0, 300))
            )
        else:
            Service.objects.filter(pk=service.pk).update(
                assured_date=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 200))
            )


def territory_parent_with_point(territory: Territory) -> Territory:
    for ancestor in reversed(list(Territory.objects.get_ancestors(territory))):
        if ancestor.latitude is not None:
            return ancestor
    return territory
