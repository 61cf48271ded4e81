"""`dunguard serve`: start the local web app (default http://127.0.0.1:8000).

Light at import: uvicorn and FastAPI load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys

HELP = {
    "zh": {
        "serve": "启动本机网页版（默认 http://127.0.0.1:8000，只有本机能访问）",
        "host": "监听地址（默认 127.0.0.1，仅本机；改成其他地址会让同一网络的人也能访问）",
        "port": "端口（默认 8000）",
        "workers": "工作进程数（默认 1；多人同时使用或压测时可设为 CPU 核数）",
        "bad_workers": "工作进程数必须在 1 到 64 之间：{n}",
        "db": "案件库文件（默认与 dunguard case 相同：用户数据目录，或环境变量 DUNGUARD_DB）",
        "started": "dunguard 网页版已启动：请用浏览器打开 {url}  （按 Ctrl+C 停止）",
        "warn": "警告：正在监听 {host}，同一网络中的其他人也可能打开这个页面、看到你粘贴的短信。"
        "除非确有需要，请用默认的 127.0.0.1。",
        "bad_port": "端口必须在 1 到 65535 之间：{port}",
        "in_use": "端口已被占用",
        "busy": "无法使用 {host}:{port}（{reason}）。如果 dunguard 已经在运行，直接用浏览器打开 {url} ；"
        "否则用 --port 换一个端口。",
    },
    "en": {
        "serve": "start the local web app (default http://127.0.0.1:8000, this computer only)",
        "host": "address to listen on (default 127.0.0.1, this computer only; another address lets others "
        "on the network in)",
        "port": "port (default 8000)",
        "workers": "worker processes (default 1; set to the number of cores for many users or a load test)",
        "bad_workers": "workers must be between 1 and 64: {n}",
        "db": "case store file (default as for dunguard case: the user data directory, or DUNGUARD_DB)",
        "started": "dunguard web app running: open {url} in your browser  (Ctrl+C stops it)",
        "warn": "Warning: listening on {host}: other people on the same network may open this page and see the "
        "messages you paste. Use the default 127.0.0.1 unless you really need this.",
        "bad_port": "the port must be between 1 and 65535: {port}",
        "in_use": "the port is in use",
        "busy": "cannot listen on {host}:{port} ({reason}). If dunguard is already running, open {url} in your "
        "browser; otherwise pick another port with --port.",
    },
}


OPTIONS_ENV = "DUNGUARD_WEB_OPTIONS"


def register(sub: argparse._SubParsersAction, lang: str, common: argparse.ArgumentParser) -> None:
    h = HELP[lang]
    p = sub.add_parser("serve", help=h["serve"], description=h["serve"], parents=[common])
    p.add_argument("--host", default="127.0.0.1", help=h["host"])
    p.add_argument("--port", type=int, default=8000, help=h["port"])
    p.add_argument("--db", help=h["db"])
    p.add_argument("--workers", type=int, default=1, help=h["workers"])
    p.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    from dunguard.web.security import is_loopback_host

    return is_loopback_host(host)


def port_problem(host: str, port: int) -> str | None:
    """Why the address cannot be listened on (in use, not this machine's), or None."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return exc.strerror or str(exc)
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind(addr)
        except OSError as exc:
            return "in_use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    from dunguard.errors import BadInput

    h = HELP[args.lang]
    if not 0 < args.port < 65536:
        raise BadInput("bad_option", reason=h["bad_port"].format(port=args.port))
    import uvicorn

    from dunguard.web.app import create_app

    loopback = is_loopback(args.host)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/"
    reason = port_problem(args.host, args.port)
    if reason:
        # uvicorn would log an English line and exit; say it in the user's language, with what to do.
        if reason == "in_use":
            reason = h["in_use"]
        raise BadInput("bad_option", reason=h["busy"].format(host=args.host, port=args.port, reason=reason, url=url))
    if not loopback:
        sys.stderr.write(h["warn"].format(host=args.host) + "\n")
    if not 1 <= args.workers <= 64:
        raise BadInput("bad_option", reason=h["bad_workers"].format(n=args.workers))
    sys.stderr.write(h["started"].format(url=url) + "\n")
    common = dict(host=args.host, port=args.port, log_level="warning", server_header=False, proxy_headers=False)
    if args.workers > 1:
        # Worker processes build their own app from these options (uvicorn needs an import string).
        import json
        import os

        os.environ[OPTIONS_ENV] = json.dumps({"loopback": loopback, "db": args.db, "lang": args.lang})
        uvicorn.run("dunguard.web.app:app_from_env", factory=True, workers=args.workers, **common)
        return 0
    # Beyond loopback the Host header is whatever name the LAN uses for this machine.
    app = create_app(allowed_hosts=() if loopback else None, db_path=args.db, default_lang=args.lang)
    uvicorn.run(app, **common)
    return 0
