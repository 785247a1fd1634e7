"""Step 5, index: pagefind's search index of the rendered pages, in two tiers (the site as of the search base and
the units changed since).

Takes the rendered folder (and the changed units' pages as they were at the base commit); writes ``pagefind/`` into
it."""
