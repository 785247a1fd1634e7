from site_builder.cli.commands import main

raise SystemExit(main())
