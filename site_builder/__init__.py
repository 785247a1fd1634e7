"""site_builder: publish performance self-evaluation reports (绩效评价自评报告) as a static site.

The pipeline runs in one direction, one module a step:
load → validate → public (redaction) → render → index → verify.
"""

__version__ = "0.1.0"
