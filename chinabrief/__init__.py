"""chinabrief: sourced, bilingual briefings for people who follow China for a living.

The Python API does the work; the ``chinabrief`` command is a thin layer over it::

    import chinabrief
    report = chinabrief.ingest(["~/briefings"], db="archive.db")
"""

from chinabrief.pipeline import EnrichReport, IngestReport, add_entity, enrich_archive, ingest

__version__ = "0.1.0"
__all__ = ["EnrichReport", "IngestReport", "__version__", "add_entity", "enrich_archive", "ingest"]
