"""Logging filters."""

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record of its logger through per interval, as a warning, and say in it how many
    were held back since the last one: an outage logged by every request would drown the log.
    With `message`, the record reads `message: <the exception>`, without its traceback."""

    def __init__(self, seconds=60, message=None):
        super().__init__()
        self.seconds = seconds
        self.message = message
        self._last = None
        self._held_back = 0
        self._lock = threading.Lock()

    def filter(self, record):
        now = time.monotonic()
        with self._lock:
            if self._last is not None and now - self._last < self.seconds:
                self._held_back += 1
                return False
            held_back, self._held_back, self._last = self._held_back, 0, now
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        if self.message:
            error = record.exc_info[1] if record.exc_info else None
            record.msg, record.args = (f"{self.message}: {error}" if error else self.message), ()
            record.exc_info = record.exc_text = None
        if held_back:
            record.msg = f"{record.msg} ({held_back} more in the last {self.seconds} s)"
        return True
