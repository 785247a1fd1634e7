"""Step 3, the public model: personal fields dropped, phones and signatures removed from free text.

Takes :class:`~site_builder.checks.validate.Checked`; gives :class:`~site_builder.public.model.model.PublicSite`, the only thing the pages are made from."""
