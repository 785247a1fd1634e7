"""Step 1, load: the files under ``units/`` read into sources with positions, and the git history of each report (its corrections).

Takes a repository folder; gives :class:`~site_builder.sources.load.Sources` (every unit, report, narrative and project, and every problem reading them as a message)."""
