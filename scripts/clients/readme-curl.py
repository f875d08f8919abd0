#!/usr/bin/env python3
"""Runs the README's curl examples verbatim against a running gateway (issue 7), so they can
never drift from the code.

Usage: readme-curl.py README.md GATEWAY_ADDRESS        (e.g. 127.0.0.1:18080)

What is run: the ```bash blocks between the lines `<!-- curl-examples:start -->` and
`<!-- curl-examples:end -->` of README.md, in order, each as one `bash -e -o pipefail` script.
What is expected: the ```json (or ```text) block that follows each bash block, before the next
bash block. A json block must be the output as the service prints it, character for character
(surrounding whitespace aside), except that a UUID in the README stands for any UUID (order ids
are random); when it is not, the first difference in the parsed JSON is reported, else the
difference in spacing. A text block must equal the output with surrounding whitespace removed. A command with no such block must
print JSON that is not an RFC 9457 problem document (curl exits 0 on a 4xx too). Each command
must exit 0.

The examples name http://localhost:8080; they are run unchanged, and curl is pointed at
GATEWAY_ADDRESS by a curl config file (CURL_HOME) holding `connect-to`, so a stack on another
port is tested without editing a command. A block that names any other URL is refused: the
examples may only ever reach this machine's gateway.

Standard library only. Exit status 0 when every example printed what the README says.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

START = "<!-- curl-examples:start -->"
END = "<!-- curl-examples:end -->"
README_ORIGIN = "localhost:8080"
COMMAND_TIMEOUT_S = 30
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)\s*$")
OTHER_URL = re.compile(r"https?://(?!localhost:8080(?:[/\"'\s?]|$))[^\s\"']*")


def fenced_blocks(text):
    """(language, body, line number) of every fenced block of text, in order."""
    blocks, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        match = FENCE.match(lines[i].strip())
        if not match:
            i += 1
            continue
        language, start, body = match.group(1).lower(), i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit(f"readme-curl: the block opened at line {start} is never closed")
        blocks.append((language, "\n".join(body), start))
        i += 1
    return blocks


def examples(readme):
    """[(command, expected language, expected text, line)] of the marked section."""
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if text.count(START) != 1 or text.count(END) != 1:
        raise SystemExit(f"readme-curl: {readme} must hold exactly one {START} and one {END}")
    offset = text.index(START)
    first_line = text[:offset].count("\n")
    section = text[offset:text.index(END)]
    pairs, pending = [], None
    for language, body, line in fenced_blocks(section):
        line += first_line
        if language in ("bash", "sh", "shell"):
            if pending:
                pairs.append((pending[0], None, None, pending[1]))
            pending = (body, line)
        elif language in ("json", "text") and pending:
            pairs.append((pending[0], language, body, pending[1]))
            pending = None
    if pending:
        pairs.append((pending[0], None, None, pending[1]))
    if not pairs:
        raise SystemExit(f"readme-curl: no ```bash example between the markers of {readme}")
    return pairs


def mismatch(expected, actual, where="$"):
    """None when actual matches expected, else a sentence saying where it differs."""
    if isinstance(expected, str) and UUID.match(expected):
        if isinstance(actual, str) and UUID.match(actual):
            return None
        return f"{where}: expected a UUID, got {json.dumps(actual)}"
    if isinstance(expected, dict) and isinstance(actual, dict):
        if sorted(expected) != sorted(actual):
            return f"{where}: expected the keys {sorted(expected)}, got {sorted(actual)}"
        for key in expected:
            found = mismatch(expected[key], actual[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{where}: expected {len(expected)} elements, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = mismatch(e, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(expected) is type(actual) and expected == actual:
        return None
    return f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, got {json.dumps(actual, ensure_ascii=False)}"


def as_printed(expected, output):
    """None when output is expected's text, a UUID standing for any UUID, else a sentence."""
    pattern = re.escape(UUID_IN_TEXT.sub("UUIDPLACEHOLDER", expected.strip()))
    pattern = pattern.replace("UUIDPLACEHOLDER", UUID_IN_TEXT.pattern)
    if re.fullmatch(pattern, output.strip()):
        return None
    return f"same JSON, printed differently: the README shows {expected.strip()!r}, the service printed {output.strip()!r}"


def check(command, language, expected, env):
    """None when the command exits 0 and prints what is expected, else why not."""
    other = OTHER_URL.search(command)
    if other:
        return f"refused: the command names {other.group(0)}; examples may only use http://{README_ORIGIN}"
    try:
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", command], env=env, capture_output=True,
                              timeout=COMMAND_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"no answer within {COMMAND_TIMEOUT_S} s"
    output = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0:
        return f"exit status {done.returncode}; stderr: {done.stderr.decode('utf-8', 'replace').strip()[-500:]}"
    if language is None:
        try:
            got = json.loads(output)
        except json.JSONDecodeError:
            return f"the output is not JSON: {output.strip()[:500]!r}"
        if isinstance(got, dict) and {"type", "title", "status"} <= set(got):
            return f"the answer is an error: {output.strip()[:500]}"
        return None
    if language == "text":
        if output.strip() != expected.strip():
            return f"expected the output {expected.strip()!r}, got {output.strip()!r}"
        return None
    try:
        wanted = json.loads(expected)
    except json.JSONDecodeError as error:
        return f"the README's expected JSON does not parse: {error}"
    try:
        got = json.loads(output)
    except json.JSONDecodeError:
        return f"the output is not JSON: {output.strip()[:500]!r}"
    return mismatch(wanted, got) or as_printed(expected, output)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: readme-curl.py README.md GATEWAY_ADDRESS (host:port)")
    readme, address = sys.argv[1], sys.argv[2]
    pairs = examples(readme)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="readme-curl-") as curl_home:
        with open(os.path.join(curl_home, ".curlrc"), "w", encoding="utf-8") as f:
            f.write(f'connect-to = "{README_ORIGIN}:{address}"\nmax-time = {COMMAND_TIMEOUT_S - 5}\n')
        env = dict(os.environ, CURL_HOME=curl_home)
        env.pop("XDG_CONFIG_HOME", None)
        for command, language, expected, line in pairs:
            started = time.monotonic()
            problem = check(command, language, expected, env)
            took = (time.monotonic() - started) * 1000
            first = command.strip().split("\n")[0]
            if problem:
                failed += 1
                print(f"FAIL {readme}:{line} {first}\n     {problem}")
            else:
                shown = "" if language else "; the README shows no response: checked it printed JSON, not a problem"
                print(f"ok   {readme}:{line} {first} ({took:.0f} ms{shown})")
    print(f"{len(pairs) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
