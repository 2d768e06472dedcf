"""``tracker serve``: the database as a local web site (see :mod:`tracker.serve`)."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading

import typer

from tracker.cli.common import state, user_errors
from tracker.errors import InputError

LOOPBACK_NAMES = ["127.0.0.1", "localhost"]


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="address to listen on (loopback only by default)"
    ),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="port (0: any free one)"),
    allow_edits: bool = typer.Option(
        False, "--allow-edits", help="allow curation (link, rename, merge, undo) from the browser"
    ),
) -> None:
    """Browse the database in a web browser: issues, weeks, sections, search, review, reports."""
    import uvicorn

    from tracker.serve import create_app

    with user_errors():
        tracker = state(ctx).tracker()
        listener = _listen(host, port)
    loopback = _is_loopback(host)
    # Only loopback names are answered on loopback (a page elsewhere cannot reach the server
    # through a DNS name it controls).  Starlette's host check cannot read an IPv6 literal
    # ("[::1]:8000"), so on ::1 no name is checked.
    guard = loopback and ":" not in host
    app = create_app(
        tracker, allow_edits=allow_edits, allowed_hosts=LOOPBACK_NAMES if guard else None
    )
    from tracker.serve.pages import warm

    threading.Thread(target=warm, args=(app.state.site,), name="warm", daemon=True).start()
    bound_port = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    mode = "edits allowed" if allow_edits else "read-only"
    typer.echo(f"tracker serve: http://{shown}:{bound_port}/ ({tracker.url}, {mode})")
    if not loopback:
        state(ctx).say(f"warning: listening on {host}: anyone who can reach it can read the data")
    state(ctx).say("press Ctrl-C to stop")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:  # uvicorn shut down cleanly, then passed Ctrl-C on
        pass
    finally:
        listener.close()
        tracker.close()
    state(ctx).say("stopped")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, or one clear error (port in use, unknown address)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(
            f"cannot listen on {host!r}: {exc.strerror}", hint="check --host"
        ) from None
    family, kind, proto, _, address = infos[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is in use", hint="pick another with --port (0: any free)"
            ) from None
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror}", hint="check --host and --port"
        ) from None
    return listener
