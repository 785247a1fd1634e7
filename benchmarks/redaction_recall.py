"""Recall and precision of redaction per class, on the corpus of tests/redaction_cases.py.

    python benchmarks/redaction_recall.py            # the redactor (python -m site_builder redact's rule)
    python benchmarks/redaction_recall.py --aside    # the cases kept aside (tests/redaction_cases_aside.py)

For the redactor, a secret counts as removed when it is no longer in the public text; a kept string counts
as spared when it still is.  recall = removed / secrets; precision = removed / (removed + kept strings harmed).
For the leak gate (run on the text *without* redaction, as a planted page), a secret counts as caught when the
gate flags the case, and a kept string as harmed when the gate flags a case that has no secret.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from redaction_cases import CASES, CLASSES, Case  # noqa: E402


@dataclass
class Tally:
    cases: int = 0
    secrets: int = 0
    removed: int = 0
    keeps: int = 0
    harmed: int = 0

    @property
    def recall(self) -> float | None:
        return self.removed / self.secrets if self.secrets else None

    @property
    def precision(self) -> float | None:
        flagged = self.removed + self.harmed
        if not flagged:
            return None if not self.keeps else 1.0
        return self.removed / flagged


def _redactor() -> Callable[[str], str]:
    from site_builder.public.redact import redact_text

    return lambda text: redact_text(text)[0]


def measure_redactor(cases: list[Case]) -> dict[str, Tally]:
    redact = _redactor()
    out: dict[str, Tally] = {}
    for case in cases:
        t = out.setdefault(case.cls, Tally())
        public = redact(case.text)
        t.cases += 1
        t.secrets += len(case.secrets)
        t.removed += sum(s not in public for s in case.secrets)
        t.keeps += len(case.keep)
        t.harmed += sum(k not in public for k in case.keep)
    return out


def measure_gate(cases: list[Case]) -> dict[str, Tally] | None:
    try:
        from site_builder.verify.leakgate import scan_text
    except ImportError:
        return None
    out: dict[str, Tally] = {}
    for case in cases:
        t = out.setdefault(case.cls, Tally())
        flagged = bool(scan_text(case.text))
        t.cases += 1
        if case.secrets:
            t.secrets += 1
            t.removed += flagged
        else:
            t.keeps += 1
            t.harmed += flagged
    return out


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


def table(title: str, tallies: dict[str, Tally]) -> str:
    lines = [title, f"{'class':<24} {'cases':>5} {'removed':>9} {'recall':>7} {'harmed':>8} {'precision':>9}"]
    total = Tally()
    for cls in CLASSES:
        if cls not in tallies:
            continue
        t = tallies[cls]
        lines.append(
            f"{cls:<24} {t.cases:>5} {f'{t.removed}/{t.secrets}':>9} {_pct(t.recall):>7} "
            f"{f'{t.harmed}/{t.keeps}':>8} {_pct(t.precision):>9}"
        )
        for name in ("cases", "secrets", "removed", "keeps", "harmed"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    lines.append(
        f"{'total':<24} {total.cases:>5} {f'{total.removed}/{total.secrets}':>9} {_pct(total.recall):>7} "
        f"{f'{total.harmed}/{total.keeps}':>8} {_pct(total.precision):>9}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aside", action="store_true", help="measure the cases kept aside instead")
    args = parser.parse_args(argv)
    cases = CASES
    if args.aside:
        from redaction_cases_aside import ASIDE

        cases = ASIDE
    which = "kept-aside cases" if args.aside else "corpus"
    print(table(f"redactor (redact_text), {which}", measure_redactor(cases)))
    gate = measure_gate(cases)
    if gate is not None:
        print()
        print(table(f"leak gate alone (leakgate.scan_text on unredacted text), {which}", gate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
