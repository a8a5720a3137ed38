"""Playwright driving Debian's Chromium (never Playwright's own browser download) against the real
app served by werkzeug on 127.0.0.1; screenshots into artefacts/
(the venue console at phone and tablet size, the admin console at 1440 × 900)."""
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1440, "height": 900}
HANDHELD = (("phone", PHONE), ("tablet", TABLET))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it "
                    "(apt-get install chromium fonts-wqy-microhei)")
    return path


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


class Screen:
    """One page in a fresh browser context; every console message of type error fails the test."""

    def __init__(self, browser, base_url: str, name: str, sizes=HANDHELD):
        self.sizes = sizes
        self.context = browser.new_context(viewport=sizes[0][1], locale="zh-CN", base_url=base_url,
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.name = name
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def shoot(self, label: str) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        for size_name, size in self.sizes:
            self.page.set_viewport_size(size)
            self.page.screenshot(path=str(ARTEFACTS / f"{self.name}-{label}-{size_name}.png"),
                                 full_page=True)
        self.page.set_viewport_size(self.sizes[0][1])

    def close(self) -> list[str]:
        self.context.close()
        return self.errors


def launch(playwright, camera: Path):
    """Chromium whose camera shows the video in `camera` (see show_qr), permission granted.
    Playwright itself gives launch() a fresh --user-data-dir in a temporary folder (it refuses
    the flag from us) and removes it when the browser closes."""
    show_qr(camera, None)
    fake_camera = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                   f"--use-file-for-fake-video-capture={camera}"]
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                      args=CHROMIUM_FLAGS + fake_camera)


def show_qr(camera: Path, text: str | None, width: int = 640, height: int = 480) -> None:
    """Write a Y4M video whose frames show `text` as a QR code (blank without text): what the
    parent's phone shows the door tablet's camera. Chromium reads it when a page opens the
    camera."""
    luma = bytearray([235]) * (width * height)
    if text is not None:
        import segno

        rows = list(segno.make_qr(text, error="m").matrix_iter(scale=1, border=4))
        scale = min(width, height) // len(rows)
        left, top = (width - len(rows) * scale) // 2, (height - len(rows) * scale) // 2
        for y, row in enumerate(rows):
            line = bytes(16 if dark else 235 for dark in row for _ in range(scale))
            for dy in range(scale):
                start = (top + y * scale + dy) * width + left
                luma[start:start + len(line)] = line
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    camera.write_bytes(header + frame * 3)
