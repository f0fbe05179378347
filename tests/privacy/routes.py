"""Collects the routes the site has and the routes the apps declare."""

import importlib
import re

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from commonplace.api.api import api
from commonplace.core.access import Route


def declared_routes() -> list[Route]:
    """Every Route in every Commonplace app's `access.py`."""
    routes = []
    for config in apps.get_app_configs():
        if not config.name.startswith("commonplace."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.access")
        except ModuleNotFoundError:
            continue
        routes.extend(getattr(module, "ROUTES", []))
    return routes


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """The full name of every URL pattern; an unnamed one is listed as such."""
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(url_names(entry, inner))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}")
    return names


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, URL name) for every operation in the OpenAPI document."""
    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        url_name = resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name
        operations.extend((method.upper(), url_name) for method in methods)
    return operations
