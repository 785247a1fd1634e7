"""Step 2, validate: sources checked against the schema (errors) and against themselves (warnings: sums, scores, grades, table against text).

Takes :class:`~site_builder.sources.load.Sources`; gives :class:`~site_builder.checks.validate.Checked`, the valid reports as models."""
