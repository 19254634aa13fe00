"""chinabrief: sourced, bilingual briefings for people who follow China for a living.

The Python API does the work; the ``chinabrief`` command is a thin layer over it::

    import chinabrief
    report = chinabrief.ingest(["~/briefings"], db="archive.db")
"""

from chinabrief.pipeline import (
    EnrichReport,
    FetchReport,
    IngestReport,
    add_entity,
    add_pages,
    enrich_archive,
    export_opml,
    fetch,
    follow,
    import_opml,
    ingest,
)

__version__ = "0.1.0"
__all__ = ["EnrichReport", "FetchReport", "IngestReport", "__version__", "add_entity", "add_pages", "enrich_archive",
           "export_opml", "fetch", "follow", "import_opml", "ingest"]
