"""gunicorn settings for `make run` and the benches (gunicorn reads ./gunicorn.conf.py itself).

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
threads = int(os.environ.get("THREADS", "4"))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

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
