"""chinabrief: sourced, bilingual briefings for people who follow China for a living.

The Python API does the work; the ``chinabrief`` command is a thin layer over it::

    import chinabrief
    report = chinabrief.ingest(["~/briefings"], db="archive.db")
"""

from chinabrief.pipeline import IngestReport, ingest

__version__ = "0.1.0"
__all__ = ["IngestReport", "__version__", "ingest"]
