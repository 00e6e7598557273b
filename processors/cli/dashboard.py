"""`processors dashboard`: the job history's web pages and API."""

import click
import uvicorn

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.contract.registry import codec_from_settings
from processors.settings import kafka_settings
from processors.tracking.app import build_dashboard, create_app
from processors.tracking.settings import dashboard_settings, tracking_settings
from processors.tracking.store import open_store


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port.")
@reports_errors
def dashboard(host: str, port: int) -> None:
    """Serve the dashboard and the API (OpenAPI at /api/openapi.json) until
    SIGTERM or Ctrl-C."""
    tracking = tracking_settings()
    store = open_store(tracking.database_url.get_secret_value())
    board = build_dashboard(
        store,
        catalog(),
        codec_from_settings(),
        kafka_settings(),
        dashboard_settings(),
        tracking,
    )
    try:
        # log_config=None: the CLI has configured logging already, and uvicorn's
        # own loggers go through it.
        uvicorn.run(create_app(board), host=host, port=port, log_config=None)
    finally:
        store.close()
