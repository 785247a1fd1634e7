"""Step 6, verify: the built folder checked before it replaces the published site — links, no outside resources, every page present, no personal data in any byte.

Takes the built folder and the public model; gives the problems found (none, or the build stops)."""
