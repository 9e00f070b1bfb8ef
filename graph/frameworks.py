"""Abstract argumentation frameworks in the competition formats: apx, tgf and ICCMA'23.

These files hold only arguments and attacks, the input of the solvers of the International
Competition on Computational Models of Argumentation (ICCMA).  argmap reads them wherever it
reads a data file, so its semantics engine can be checked on competition instances
(``argmap --data FILE.apx status --semantics preferred --json``), and writes them so that any
ICCMA solver can check argmap's debate.

apx (ASPARTIX)
    One fact per argument and per attack, ``%`` starts a comment::

        arg(a).  arg(b).
        att(a,b).

tgf (Trivial Graph Format)
    Argument names one a line, a line ``#``, then one attack ``attacker target`` a line.
    Text after the first word of a node line or the second word of an edge line is a label
    and ignored.

ICCMA'23 (``.i23``, ``.af``)
    A header ``p af N``, then one attack ``i j`` a line over arguments ``1..N``; lines starting
    with ``#`` are comments.  Argument names are the numbers.

Reading is linear in the file size; every problem raises :class:`graph.errors.DataError` with
the file, line and column.  Writing is deterministic (arguments in natural order, attacks
sorted).

References: ASPARTIX (Egly, Gaggl & Woltran 2010); ICCMA 2023 rules,
https://iccma2023.github.io/rules.html.

>>> af = parse_apx("arg(a). arg(b).\\natt(a,b).")
>>> af
Framework(arguments=('a', 'b'), attacks=(('a', 'b'),))
>>> print(write_iccma(af), end="")
p af 2
# 1 a
# 2 b
1 2
>>> parse_iccma("p af 2\\n1 2\\n") == parse_tgf("1\\n2\\n#\\n1 2\\n")
True
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO, Any, Callable

from graph.errors import ArgmapError, DataError
from graph.semantics import Framework, as_framework, sort_key

__all__ = [
    "FRAMEWORK_FORMATS", "SUFFIXES", "is_framework_path", "framework_format", "read_framework",
    "parse_framework", "parse_apx", "parse_tgf", "parse_iccma", "write_apx", "write_tgf",
    "write_iccma", "write_framework",
]

#: Format names, as ``--format`` spells them.
FRAMEWORK_FORMATS = ("apx", "tgf", "iccma")
#: File name endings of framework files.
SUFFIXES = {".apx": "apx", ".tgf": "tgf", ".i23": "iccma", ".af": "iccma"}


def is_framework_path(path: str | os.PathLike | None) -> bool:
    """True when *path* names an abstract framework file (by its ending).

    >>> is_framework_path("instances/a.apx"), is_framework_path("data/claims.ttl")
    (True, False)
    """
    return path is not None and Path(path).suffix.lower() in SUFFIXES


def framework_format(path: str | os.PathLike, text: str | None = None) -> str:
    """The format of a framework file: by ending; a ``.af`` file is sniffed (ICCMA'23 header,
    else ``arg(`` facts, else tgf), since ICCMA used ``.af`` for both apx and i23 instances."""
    suffix = Path(path).suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind is None:
        raise DataError(f"not a framework file (expected {', '.join(SUFFIXES)})", path=path)
    if suffix == ".af" and text is not None:
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or (stripped.startswith("#") and stripped != "#"):
                continue
            if stripped.startswith("p "):
                return "iccma"
            if stripped.startswith(("arg(", "arg (", "att(", "%")):
                return "apx"
            return "tgf"
    return kind


def read_framework(source: str | os.PathLike | IO, format: str | None = None,
                   name: str | None = None) -> Framework:
    """Read a framework file (a path or an open file); *format* defaults to the file ending."""
    from graph.store import read_source

    data, label, _ = read_source(source, name)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DataError("not UTF-8 text", path=label, line=line) from None
    else:
        text = data
    return parse_framework(text, format or framework_format(label, text), path=label)


def parse_framework(text: str, format: str, path: str | None = None) -> Framework:
    """Parse *text* in *format* (``apx``, ``tgf`` or ``iccma``)."""
    parsers = {"apx": parse_apx, "tgf": parse_tgf, "iccma": parse_iccma, "i23": parse_iccma}
    if format not in parsers:
        raise DataError(f"unknown framework format {format!r}; "
                        f"choose one of {', '.join(FRAMEWORK_FORMATS)}", path=path)
    return parsers[format](text, path=path)


# --- apx --------------------------------------------------------------------------------------

_APX_NAME = r'"(?:[^"\\\n]|\\.)*"|[^\s(),"%]+'
_APX_FACT = re.compile(
    rf"(?P<pred>arg|att)\s*\(\s*(?P<a>{_APX_NAME})\s*(?:,\s*(?P<b>{_APX_NAME})\s*)?\)\s*\.")
_APX_SKIP = re.compile(r"(?:\s+|%[^\n]*)+")
_APX_BARE = re.compile(r"^(?:[a-z][A-Za-z0-9_]*|[0-9]+)$")


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _apx_unquote(token: str) -> str:
    if token.startswith('"'):
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def parse_apx(text: str, path: str | None = None) -> Framework:
    """Parse ASPARTIX ``arg(a).`` / ``att(a,b).`` facts.  Names may be quoted (``"x y"``).

    >>> parse_apx('arg(a). att(a,b).', path="x.apx")
    Traceback (most recent call last):
    ...
    graph.errors.DataError: x.apx:1:9: att(a,b): 'b' is not declared with arg(b).
    """
    arguments: dict[str, None] = {}
    attacks: list[tuple[str, str, int]] = []
    position = 0
    length = len(text)
    while True:
        skip = _APX_SKIP.match(text, position)
        if skip:
            position = skip.end()
        if position >= length:
            break
        match = _APX_FACT.match(text, position)
        if not match:
            line, column = _place(text, position)
            snippet = text[position:position + 30].split("\n")[0]
            raise DataError(f"expected arg(NAME). or att(NAME,NAME). but found {snippet!r}",
                            path=path, line=line, column=column)
        a, b = match.group("a"), match.group("b")
        if match.group("pred") == "arg":
            if b is not None:
                line, column = _place(text, position)
                raise DataError("arg(…) takes one name", path=path, line=line, column=column)
            arguments.setdefault(_apx_unquote(a), None)
        else:
            if b is None:
                line, column = _place(text, position)
                raise DataError("att(…) takes two names: att(attacker,target).", path=path,
                                line=line, column=column)
            attacks.append((_apx_unquote(a), _apx_unquote(b), position))
        position = match.end()
    checked = []
    for a, b, offset in attacks:
        for name in (a, b):
            if name not in arguments:
                line, column = _place(text, offset)
                raise DataError(f"att({a},{b}): {name!r} is not declared with arg({name}).",
                                path=path, line=line, column=column)
        checked.append((a, b))
    return as_framework((list(arguments), checked))


# --- tgf --------------------------------------------------------------------------------------

def parse_tgf(text: str, path: str | None = None) -> Framework:
    """Parse Trivial Graph Format: names, a ``#`` line, then ``attacker target`` lines.

    >>> parse_tgf("a\\nb\\n#\\na c\\n", path="x.tgf")
    Traceback (most recent call last):
    ...
    graph.errors.DataError: x.tgf:4:3: 'c' is not an argument (list it before the '#' line)
    """
    arguments: dict[str, None] = {}
    attacks: list[tuple[str, str]] = []
    in_edges = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "#":
            if in_edges:
                raise DataError("a second '#' line", path=path, line=number, column=1)
            in_edges = True
            continue
        words = stripped.split()
        if not in_edges:
            arguments.setdefault(words[0], None)
            continue
        if len(words) < 2:
            raise DataError(f"an attack line needs two names, found {stripped!r}", path=path,
                            line=number, column=1)
        for word in words[:2]:
            if word not in arguments:
                column = line.find(word) + 1 if word == words[0] else \
                    line.find(word, line.find(words[0]) + len(words[0])) + 1
                raise DataError(f"{word!r} is not an argument (list it before the '#' line)",
                                path=path, line=number, column=column)
        attacks.append((words[0], words[1]))
    return as_framework((list(arguments), attacks))


# --- ICCMA'23 -----------------------------------------------------------------------------------

_ICCMA_HEADER = re.compile(r"^p\s+af\s+(\d+)\s*$")


def parse_iccma(text: str, path: str | None = None) -> Framework:
    """Parse ICCMA'23 ``p af N`` / ``i j`` text; the arguments are named ``"1"`` … ``"N"``.

    >>> parse_iccma("# a comment\\np af 3\\n1 2\\n2 3\\n")
    Framework(arguments=('1', '2', '3'), attacks=(('1', '2'), ('2', '3')))
    >>> parse_iccma("p af 2\\n1 3\\n", path="x.i23")
    Traceback (most recent call last):
    ...
    graph.errors.DataError: x.i23:2:3: argument 3 is out of range 1..2
    """
    size: int | None = None
    attacks: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if size is None:
            header = _ICCMA_HEADER.match(stripped)
            if not header:
                raise DataError(f"expected the header 'p af N', found {stripped[:30]!r}",
                                path=path, line=number, column=1)
            size = int(header.group(1))
            continue
        words = stripped.split()
        if len(words) != 2:
            raise DataError(f"expected an attack 'i j', found {stripped[:30]!r}", path=path,
                            line=number, column=1)
        column = line.find(words[0]) + 1
        for word in words:
            if not (word.isascii() and word.isdigit()):
                raise DataError(f"{word!r} is not an argument number", path=path, line=number,
                                column=column)
            if not 1 <= int(word) <= size:
                raise DataError(f"argument {word} is out of range 1..{size}", path=path,
                                line=number, column=column)
            column = line.find(words[1], column) + 1
        attacks.append((str(int(words[0])), str(int(words[1]))))
    if size is None:
        raise DataError("no 'p af N' header", path=path)
    return as_framework(([str(i) for i in range(1, size + 1)], attacks))


# --- writers ------------------------------------------------------------------------------------

def _ordered(af: Any, name: Callable[[Any], str]) -> tuple[list[str], list[tuple[str, str]]]:
    fw = as_framework(af)
    names = {a: str(name(a)) for a in fw.arguments}
    if len(set(names.values())) != len(names):
        raise ArgmapError("two arguments have the same name; cannot write the framework")
    arguments = sorted(names.values(), key=sort_key)
    attacks = sorted(((names[a], names[b]) for a, b in fw.attacks),
                     key=lambda p: (sort_key(p[0]), sort_key(p[1])))
    return arguments, attacks


def _apx_name(text: str) -> str:
    if _APX_BARE.match(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_apx(af: Any, name: Callable[[Any], str] = str) -> str:
    """The framework as ASPARTIX facts.  Names that are not plain lower-case atoms (such as
    ``claim:false-alarm-rate``) are written as quoted strings, which clingo reads as constants.

    >>> print(write_apx((["claim:x", "b"], [("b", "claim:x")])), end="")
    arg(b).
    arg("claim:x").
    att(b,"claim:x").
    """
    arguments, attacks = _ordered(af, name)
    if any("\n" in a for a in arguments):
        raise ArgmapError("an argument name contains a line break; cannot write apx")
    lines = [f"arg({_apx_name(a)})." for a in arguments]
    lines += [f"att({_apx_name(a)},{_apx_name(b)})." for a, b in attacks]
    return "".join(line + "\n" for line in lines)


def write_tgf(af: Any, name: Callable[[Any], str] = str) -> str:
    """The framework as Trivial Graph Format (names must not contain spaces).

    >>> print(write_tgf((["a", "b"], [("a", "b")])), end="")
    a
    b
    #
    a b
    """
    arguments, attacks = _ordered(af, name)
    for a in arguments:
        if not a or any(c.isspace() for c in a) or a == "#":
            raise ArgmapError(f"argument name {a!r} cannot be written in tgf "
                              "(no spaces, not '#')")
    return "".join(f"{a}\n" for a in arguments) + "#\n" + "".join(f"{a} {b}\n" for a, b in attacks)


def write_iccma(af: Any, name: Callable[[Any], str] = str) -> str:
    """The framework in ICCMA'23 format: arguments numbered ``1..N`` in natural order of their
    names, with a ``# i name`` comment line for each so that people can read the numbers back.

    >>> print(write_iccma((["b", "a"], [("a", "b")])), end="")
    p af 2
    # 1 a
    # 2 b
    1 2
    """
    arguments, attacks = _ordered(af, name)
    number = {a: i for i, a in enumerate(arguments, start=1)}
    lines = [f"p af {len(arguments)}"]
    lines += [f"# {number[a]} {' '.join(a.split())}" for a in arguments]
    lines += [f"{number[a]} {number[b]}" for a, b in attacks]
    return "".join(line + "\n" for line in lines)


def write_framework(af: Any, format: str, name: Callable[[Any], str] = str) -> str:
    """Write *af* in *format* (``apx``, ``tgf`` or ``iccma``)."""
    writers = {"apx": write_apx, "tgf": write_tgf, "iccma": write_iccma, "i23": write_iccma}
    if format not in writers:
        raise ArgmapError(f"unknown framework format {format!r}; "
                          f"choose one of {', '.join(FRAMEWORK_FORMATS)}")
    return writers[format](af, name=name)
