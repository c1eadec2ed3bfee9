"""Liveness and readiness for load balancers and orchestrators."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..permissions import public


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and every migration is applied."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "pending_migrations": len(pending)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "pending_migrations": 0})
