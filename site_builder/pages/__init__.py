"""Step 4, render: the pages, downloads and feeds made from the public model, inside the theme's shell.

Takes :class:`~site_builder.public.model.model.PublicSite`; gives a folder of HTML, CSV, JSON and Atom files. Templates (``templates/``) hold presentation only; what they show is computed here, in Python."""
