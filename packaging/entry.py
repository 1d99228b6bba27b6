"""PyInstaller entry point: the same as the `assist` console script (no arguments opens the app)."""

from assist.cli import main

raise SystemExit(main())
