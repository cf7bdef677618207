"""What the table generators (gen-opcode-tables.py, gen-exception-table.py)
share: asking each supported interpreter for its facts, and writing the
table or, with --check, comparing the file on disk with what the
interpreters say, which is how the test suite keeps the tables honest."""

import argparse
import difflib
import json
import subprocess
import sys


def probe(python, source):
    """Runs `source` in `python` (isolated); it prints a JSON object with a
    "version" key ("3.12")."""
    out = subprocess.run([python, "-I", "-c", source], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main(description, source, render):
    """The generator's command line: --python VER=PATH (one per supported
    version), --check, OUTPUT. `render` turns the probes, oldest version
    first, into the file's text."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--python", action="append", required=True,
                        metavar="VER=PATH", help="interpreter of a supported version")
    parser.add_argument("--check", action="store_true",
                        help="compare OUTPUT with the interpreters instead of writing it")
    parser.add_argument("output")
    args = parser.parse_args()

    tables = []
    for spec in args.python:
        ver, _, path = spec.partition("=")
        table = probe(path, source)
        if table["version"] != ver:
            sys.exit("error: %s is Python %s, not %s" % (path, table["version"], ver))
        tables.append(table)
    tables.sort(key=lambda t: tuple(map(int, t["version"].split("."))))
    text = render(tables)

    if args.check:
        with open(args.output) as f:
            current = f.read()
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(
                current.splitlines(True), text.splitlines(True),
                args.output, "interpreters"))
            sys.exit("error: %s disagrees with the interpreters" % args.output)
        print("%s matches CPython %s" % (args.output, ", ".join(t["version"] for t in tables)))
        return
    with open(args.output, "w") as f:
        f.write(text)
