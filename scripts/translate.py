#!/usr/bin/env python
"""Fill German translations into locale/de/LC_MESSAGES/django.po and compile it.

Usage: scripts/translate.py TRANSLATIONS.json
The JSON maps an English msgid to its German text, or to [singular, plural] for plural forms.
Run `make messages` first so the catalogue knows every msgid. Entries already translated are
overwritten only with --force.
"""

import fcntl
import json
import sys
from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
LOCK_FILE = "/tmp/beteiligung-kleve-messages.lock"


def apply(translations: dict, force: bool = False) -> tuple[int, list[str]]:
    """Write the translations into the catalogue; return the count and the msgids still missing."""
    po = polib.pofile(str(PO_FILE), wrapwidth=0)
    po.metadata["Language"] = "de"
    changed = 0
    for entry in po:
        if entry.obsolete or entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        # A fuzzy entry is msgmerge's guess from a similar msgid: replace it.
        overwrite = force or "fuzzy" in entry.flags
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            if overwrite or not entry.msgstr_plural.get(0):
                entry.msgstr_plural = {0: singular, 1: plural}
                changed += 1
        elif overwrite or not entry.msgstr:
            entry.msgstr = value
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(PO_FILE))
    po.save_as_mofile(str(PO_FILE.with_suffix(".mo")))
    missing = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    missing += [f"{e.msgid} (fuzzy guess: {e.msgstr})" for e in po.fuzzy_entries()]
    return changed, missing


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--force"]
    translations = json.loads(Path(args[0]).read_text(encoding="utf-8")) if args else {}
    with open(LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        changed, missing = apply(translations, force="--force" in sys.argv)
    print(f"{changed} entries written to {PO_FILE.name}; {len(missing)} untranslated.")
    for msgid in missing:
        print(f"  missing: {msgid!r}")


if __name__ == "__main__":
    main()
