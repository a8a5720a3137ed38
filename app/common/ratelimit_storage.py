"""The in-process rate-limit storage (used when REDIS_URL is not set: `threadsafe-memory://`).

limits' MemoryStorage (5.8.0) sweeps expired counters from a Timer thread that it restarts
whenever the previous one has finished, i.e. every 10 ms under load: a new thread on nearly
every request, about 7 % of a worker's CPU in a booking rush. It also restarts it without a
lock, so two threads of one gthread worker could start the same Timer twice and fail the request
("threads can only be started once"; fixed upstream in alisaifee/limits#352, not yet released).

This subclass sweeps inline instead, at most once a second and by one thread at a time. A
counter past its window is dropped on read anyway (MemoryStorage.get), so the sweep only frees
memory. Counters only: the limiter uses the fixed-window strategy.
"""
import threading
import time

from limits.storage import MemoryStorage

SWEEP_EVERY_SECONDS = 1.0


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["threadsafe-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        self._sweeping = threading.Lock()
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the name-mangled original
        now = time.monotonic()
        if now < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + SWEEP_EVERY_SECONDS
            self._sweep()
        finally:
            self._sweeping.release()

    def _sweep(self) -> None:
        now = time.time()
        for key, expires in list(self.expirations.items()):
            if expires <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)
