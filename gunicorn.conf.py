"""gunicorn settings, one file for `make run`, the benches, the tests' servers and production
(gunicorn reads ./gunicorn.conf.py itself; `gunicorn -c gunicorn.conf.py wsgi:app` behind the
nginx site in deploy/nginx-yuer.conf, which buffers every request body so a slow client ties up
nginx, not a worker). Every value can be overridden on the command line or by environment.

The app is built once in the master before the workers fork (preload_app): jieba's dictionary,
pypinyin's, the FAQ engine and the facility index are then shared copy-on-write by every worker
instead of being built again in each (measured in bench/memory.py). gc.freeze() before the fork
moves those objects out of the collector's reach, so a collection in a worker does not write to
(and so copy) every shared page. GUNICORN_PRELOAD=0 restores one build per worker (the
baseline bench/memory.py compares against).
"""
import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))
backlog = 2048
# gunicorn 27's control socket is one path per user (~/.gunicorn/gunicorn.ctl), shared by every
# instance on the host (the test suite runs several at once); nothing here uses it.
control_socket_disable = True
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# A request that runs this long is killed and its worker replaced; the database's own
# statement_timeout (DB_STATEMENT_TIMEOUT, 15 s) ends the query first.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Gunicorn answers an over-long request line or header itself with an HTML page. Its limits sit
# above the app's own (app/common/http.py: an 8 KB URL, 8 KB a header, 100 headers, 32 KB in all),
# so those answer first, with 414/431 in the JSON error shape; nginx in front (16 KB buffers)
# bounds what reaches gunicorn anyway. Gunicorn 27 reads limit_request_line = 0 as 1 MB, but
# limit_request_field_size = 0 as its 8190-byte default: hence an explicit size.
limit_request_line = 0
limit_request_field_size = 32768
limit_request_fields = 200

# One access line per request comes from the app (app.request, without query strings, which
# can carry personal data); gunicorn's own access log stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

if preload_app:
    # Read by the app while the master builds it: no background threads there (they would not
    # survive the fork); each worker starts its own in post_fork.
    os.environ["APP_PRELOAD"] = "1"


def pre_fork(server, worker):
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    if not server.cfg.preload_app:
        return
    from app.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)   # connections opened by the master stay the master's
    app.extensions["faqbot"].after_fork()
