"""Abstract argumentation frameworks (apx, tgf, ICCMA'23): the debate as arguments and attacks.

Export writes the framework that ``argmap status`` evaluates
(:func:`graph.network.abstract_framework`: claims and supports are arguments, attacks include
the ones a rebuttal passes on to the supports that use the attacked claim), so that any ICCMA
solver can check argmap's labels; arguments are named by their short IDs (``claim:slug``,
``support:slug``: no spaces, so tgf can hold them too).  Import reads each argument as a
claim and each attack as a rebut, with the file as their source: what a framework says is only
*that* something attacks something.  Parsing and writing are :mod:`graph.frameworks`'.

Complexity O(V + E).  Reference: ICCMA 2023 rules, https://iccma2023.github.io/rules.html .

>>> g = apx_import_(b"arg(a). arg(b). att(a,b).", name="af.apx")
>>> from graph.vocab import AM
>>> len(list(g.subjects(AM.attacker, None)))
1
"""

from __future__ import annotations

from rdflib import Graph

from graph.frameworks import parse_framework, write_framework

from ._common import ImportBuilder, decode_text, local_id

__all__ = ["apx_export", "apx_import_", "tgf_export", "tgf_import_", "iccma_export",
           "iccma_import_", "framework_of"]


def framework_of(graph: Graph):
    """The debate's abstract framework (the one argmap's semantics evaluates)."""
    from graph.network import abstract_framework

    return abstract_framework(graph)


def _export(graph: Graph, fmt: str) -> bytes:
    af = framework_of(graph)
    return write_framework(af, fmt, name=local_id).encode("utf-8")


def _import(data: bytes, name: str, fmt: str) -> Graph:
    framework = parse_framework(decode_text(data, name), fmt, path=name)
    builder = ImportBuilder(name, f"abstract framework ({fmt})")
    claims = {}
    for argument in framework.arguments:
        text = str(argument)
        label = text.split(":", 1)[1] if text.startswith("claim:") else text
        claims[argument] = builder.claim(label, f"Argument {label}", f"Argument {label} of {name.rsplit('/', 1)[-1]}")
    for attacker, target in framework.attacks:
        if attacker == target:
            builder.attack(claims[attacker], claims[target], "rebut",
                           slug_text=f"{local_id(claims[attacker]).split(':')[1]}-attacks-itself")
        else:
            builder.attack(claims[attacker], claims[target], "rebut")
    return builder.graph


def apx_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _export(graph, "apx")


def tgf_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _export(graph, "tgf")


def iccma_export(graph: Graph, *, focus=None, depth=None) -> bytes:
    return _export(graph, "iccma")


def apx_import_(data: bytes, *, name: str) -> Graph:
    return _import(data, name, "apx")


def tgf_import_(data: bytes, *, name: str) -> Graph:
    return _import(data, name, "tgf")


def iccma_import_(data: bytes, *, name: str) -> Graph:
    return _import(data, name, "iccma")
