"""Every log line the whole test run produces, kept for the privacy check that runs last."""
import logging


class RunLog(logging.Handler):
    lines: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        RunLog.lines.append(f"{record.name}: {text}")
