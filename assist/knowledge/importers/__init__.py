"""Help-centre article import: one module per format, and a dispatcher that walks files and folders.

`load_articles` / `load_all` read Markdown (with optional front matter), HTML, CSV and JSON, including the
ABCD dataset's kb.json and guidelines.json. Files are strict UTF-8 and at most common.MAX_FILE_BYTES
(20 MB); each bad file or row becomes one problem line naming it, and never stops the good ones.

  common.py          ImportResult, the article dict, ids, slugs, tags, the size limit
  dispatch.py        load_articles / load_all: files, folders and standard input to the right importer
  markdown_files.py  html_files.py  csv_files.py  json_files.py  abcd.py   one importer per format
"""

from assist.knowledge.importers.common import ImportResult, slug
from assist.knowledge.importers.dispatch import SUFFIXES, load_all, load_articles

__all__ = ["SUFFIXES", "ImportResult", "load_all", "load_articles", "slug"]
