"""The commands (``python -m site_builder check|build|serve|redact|new|import …``) and the helpers for clerks and maintainers around them: scaffolds, the 填报指南, pull-request summaries, CODEOWNERS."""
