"""Headless Chromium for the view tests and `make screenshot`, driven with Selenium.

Debian's chromium and chromium-driver (and fonts-noto-cjk for the Chinese
text) are what CI installs; without them the browser tests skip with the reason.
Every switch that would reach for the network is off, and each session gets a
fresh profile folder, so a run touches nothing outside its temp folder.
"""
from __future__ import annotations

import shutil
import tempfile

ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1")


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "chromium is not installed (apt-get install chromium chromium-driver fonts-noto-cjk)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


class Browser:
    """A Chrome WebDriver with its own throwaway profile; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="policytext-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
        for arg in (*ARGS, f"--user-data-dir={self._profile}", f"--window-size={width},{height}"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))

    def __enter__(self):
        return self.driver

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)
