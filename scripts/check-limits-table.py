#!/usr/bin/env python3
"""The limits table of docs/ARCHITECTURE.md against the constants in the code.

Every row `| `crate::NAME` | value | ... |` must name a constant the crate defines, with the
value the code gives it (durations in ms/s/min/h, sizes in KiB/MiB, counts with optional
thousands separators; a `_SECS` integer is a duration in seconds). Every numeric `pub const`
of a `limits.rs` must have a row. Constants are evaluated from their Rust expression: integer
literals, `Duration::from_secs/from_millis`, other constants of the same crate, + - * / ( ).
Exits 1 with one line per mismatch. Usage: scripts/check-limits-table.py [REPO_ROOT]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
CRATES = {
    "edge": ["gateway/edge/src/limits.rs"],
    "gateway": ["gateway/src/limits.rs"],
    "inventory": ["inventory/src/limits.rs"],
    "billing": ["billing/src/limits.rs"],
    "order": sorted(str(p.relative_to(ROOT)) for p in (ROOT / "billing/order/src").glob("*.rs")),
    "hostlist": ["billing/hostlist/src/lib.rs"],
}
CONST = re.compile(r"^(pub )?const ([A-Z][A-Z0-9_]*): ([^=]+?) = (.+?);", re.M | re.S)
NUMERIC = re.compile(r"^(u8|u16|u32|u64|u128|usize|i32|i64|Duration)$")


def definitions(crate):
    """name -> (public, type, expression) of every const of the crate's files."""
    found = {}
    for path in CRATES[crate]:
        text = (ROOT / path).read_text()
        # Only the code before the tests.
        text = text.split("#[cfg(test)]")[0]
        for public, name, ty, expr in CONST.findall(text):
            found[name] = (bool(public), ty.strip(), " ".join(expr.split()), path)
    return found


def evaluate(crate, name, defs, seen=()):
    """The value of a constant: ("duration", seconds) or ("number", n)."""
    if name in seen:
        raise ValueError(f"{name} is defined in terms of itself")
    _, ty, expr, _ = defs[name]
    duration = ty == "Duration"

    def unit(match):
        return f"({match.group(2)} / 1000)" if match.group(1) == "millis" else f"({match.group(2)})"

    expr = re.sub(r"Duration::from_(secs|millis)\(([^()]*)\)", unit, expr)
    expr = re.sub(r"\bas [ui](8|16|32|64|128|size)\b", "", expr)

    def constant(match):
        other = match.group(0)
        if other not in defs:
            raise ValueError(f"{name} uses {other}, not a constant of {crate}")
        kind, value = evaluate(crate, other, defs, seen + (name,))
        return repr(value)

    expr = re.sub(r"\b[A-Z][A-Z0-9_]+\b", constant, expr)
    expr = expr.replace("_", "")
    if not re.fullmatch(r"[0-9.\s+\-*/()]+", expr):
        raise ValueError(f"{name} = {expr!r}: not a numeric expression this check evaluates")
    value = eval(expr)  # digits and arithmetic only, checked above
    if duration or name.endswith("_SECS"):
        return ("duration", float(value))
    return ("number", value)


UNITS = {"ms": ("duration", 0.001), "s": ("duration", 1), "min": ("duration", 60), "h": ("duration", 3600),
         "KiB": ("number", 1024), "MiB": ("number", 1024 * 1024)}


def parse_value(text):
    """A table value: `500 ms`, `2 min`, `64 KiB`, `100,000`."""
    match = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?)(?: (ms|s|min|h|KiB|MiB))?", text.strip())
    if not match:
        raise ValueError(f"cannot read the value {text!r}")
    number = float(match.group(1).replace(",", ""))
    kind, factor = UNITS.get(match.group(2), ("number", 1))
    return (kind, number * factor)


def main():
    doc = (ROOT / "docs/ARCHITECTURE.md").read_text()
    section = doc.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)::([A-Z][A-Z0-9_]*)` \| ([^|]+) \|", section, re.M)
    errors = []
    if not rows:
        errors.append("docs/ARCHITECTURE.md: no rows in the Limits table")
    defs = {crate: definitions(crate) for crate in CRATES}
    documented = set()
    for crate, name, value in rows:
        documented.add((crate, name))
        if crate not in CRATES:
            errors.append(f"{crate}::{name}: no crate {crate}")
            continue
        if name not in defs[crate]:
            errors.append(f"{crate}::{name}: no such constant in {', '.join(CRATES[crate])}")
            continue
        try:
            actual = evaluate(crate, name, defs[crate])
            written = parse_value(value)
        except ValueError as e:
            errors.append(f"{crate}::{name}: {e}")
            continue
        if actual[0] != written[0] or abs(actual[1] - written[1]) > 1e-9 * max(1, abs(actual[1])):
            errors.append(f"{crate}::{name}: the table says {value.strip()!r}, the code gives "
                          f"{actual[1]:g}{' s' if actual[0] == 'duration' else ''}")
        else:
            print(f"ok  {crate}::{name} = {value.strip()}")
    for crate, found in defs.items():
        for name, (public, ty, _, path) in sorted(found.items()):
            if path.endswith("limits.rs") and public and NUMERIC.match(ty) and (crate, name) not in documented:
                errors.append(f"{crate}::{name} ({path}) has no row in the Limits table of docs/ARCHITECTURE.md")
    for error in errors:
        print(f"MISMATCH  {error}")
    print(f"{len(rows)} rows checked, {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
