"""Required credentials as people write them: "RHIT and (CCS or CIC)" ⇄ [["RHIT"], ["CCS", "CIC"]].

"and" (or ";") separates requirements a person must all meet; "or" (or "," "/") alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _

from portal import taxonomy
from portal.services.jobs.steps import JobInvalid

_GROUP_SPLIT = re.compile(r"\s+and\s+|\s*[;&+]\s*", re.IGNORECASE)
_ALT_SPLIT = re.compile(r"\s+or\s+|\s*[,/|]\s*", re.IGNORECASE)


def unknown_credentials_message(codes: str) -> str:
    return _(
        "We do not know the credential %(codes)s. Use codes like CPC, CCS, RHIT, CIC or CRC.",
        codes=codes,
    )


def _alternatives(part: str, unknown: list[str]) -> list[str]:
    """The known codes of one requirement ("CCS or CIC"); unknown ones are added to `unknown`."""
    codes: list[str] = []
    for raw in _ALT_SPLIT.split(part):
        code = raw.strip().strip("()").strip().upper()
        if not code:
            continue
        if code not in taxonomy.CREDENTIALS or code == "OTHER":
            unknown.append(raw.strip().strip("()"))
        elif code not in codes:
            codes.append(code)
    return codes


def parse_credential_groups(text: str) -> list[list[str]]:
    """ "RHIT and (CCS or CIC)" → [["RHIT"], ["CCS", "CIC"]]. Raises JobInvalid naming the
    unknown codes."""
    text = (text or "").strip()
    if not text:
        return []
    groups: list[list[str]] = []
    unknown: list[str] = []
    for part in _GROUP_SPLIT.split(text):
        part = part.strip().strip("()").strip()
        if not part:
            continue
        codes = _alternatives(part, unknown)
        if codes:
            groups.append(codes)
    if unknown:
        message = unknown_credentials_message(", ".join(f'"{u}"' for u in unknown))
        raise JobInvalid([("required_credentials", message)])
    return groups


def format_credential_groups(groups: Iterable[Iterable[str]]) -> str:
    """[["RHIT"], ["CCS", "CIC"]] → "RHIT and (CCS or CIC)"."""
    parts = []
    for group in groups:
        codes = list(group)
        if len(codes) == 1:
            parts.append(codes[0])
        elif codes:
            parts.append("(" + " or ".join(codes) + ")")
    return " and ".join(parts)
