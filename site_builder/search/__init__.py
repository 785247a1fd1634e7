"""Step 5, index: pagefind's search index of the rendered pages, in shards by prefecture.

Takes the rendered folder and the shard of each page; writes ``pagefind/`` into it."""
