"""The in-process rate-limit storage, safe under threaded workers.

limits' MemoryStorage (5.8.0) restarts its expiry timer without a lock, so two threads hitting a
limit at once can start the same Timer twice and the request fails with "threads can only be
started once" (fixed upstream in alisaifee/limits#352, not yet released). This subclass takes a
lock around that restart; remove it once a limits release carries the fix.
Used when REDIS_URL is not set (`threadsafe-memory://`).
"""
import threading

from limits.storage import MemoryStorage


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["threadsafe-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        self._timer_lock = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the name-mangled original
        with self._timer_lock:
            if not self.timer.is_alive():
                self.timer = threading.Timer(0.01, self._MemoryStorage__expire_events)
                self.timer.daemon = True
                self.timer.start()
