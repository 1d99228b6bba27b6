"""Where Assist keeps its files: one data dir (the SQLite file), a log dir, and a separate demo dir.

Resolution order for the data dir: --data-dir flag, then ASSIST_DATA_DIR, then the platform's user data
dir. The demo workspace always lives in its own dir so it is never mixed into a real workspace.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Assist"
DB_FILENAME = "assist.sqlite3"


def default_data_dir() -> Path:
    env = os.environ.get("ASSIST_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    env = os.environ.get("ASSIST_DEMO_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo-workspace"


def log_dir() -> Path:
    env = os.environ.get("ASSIST_LOG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("ASSIST_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    env = os.environ.get("ASSIST_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
