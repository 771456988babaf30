"""Unicode repair, the first cleaning step: mojibake, odd spaces and look-alike letters (pure).

``repair_unicode`` is ftfy's mojibake repair with curly quotes and dashes kept on purpose (claims
quote them verbatim); ``normalise_text`` fixes line endings, odd and zero-width spaces;
``repair_homoglyphs`` maps Cyrillic/Greek look-alike letters inside mostly-Latin words ("creаted"
with U+0430) to Latin using Unicode's confusables data, leaving genuine Cyrillic/Greek words alone.
``repair_text`` runs the three until nothing changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy
from confusable_homoglyphs import categories, confusables

from schemas.models import HomoglyphFix

__all__ = ["normalise_text", "repair_homoglyphs", "repair_text", "repair_unicode"]

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=True)
_MOJIBAKE_STEPS = {"encode", "decode", "transcode"}
_MOJIBAKE_FIXERS = {"decode_inconsistent_utf8", "replace_lossy_sequences", "restore_byte_a0"}

# Spaces that render like a space but break word matching; zero-width characters that hide inside
# words (soft hyphen, zero-width space, word joiner, BOM). ZWJ/ZWNJ are kept: emoji and some
# scripts need them.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLES = re.compile(r"[\u00ad\u200b\u2060\ufeff\u180e]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUNS = re.compile(r" {2,}")


def repair_unicode(text: str) -> tuple[str, bool]:
    """ftfy repair with quotes kept curly; returns (text, whether mojibake was repaired)."""
    fixed, explanation = ftfy.fix_and_explain(text, config=_FTFY_CONFIG)
    mojibake = any(
        action in _MOJIBAKE_STEPS or parameter in _MOJIBAKE_FIXERS for action, parameter in explanation or []
    )
    return fixed, mojibake


def normalise_text(text: str) -> str:
    """Line endings to ``\\n``, odd spaces to plain spaces, runs of spaces collapsed, lines stripped."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLES.sub("", text)
    text = _CONTROL_CHARS.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return "\n".join(_SPACE_RUNS.sub(" ", line).strip() for line in text.split("\n"))


# --------------------------------------------------------------------------- homoglyphs

_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
_FOREIGN_LETTERS = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _latin_lookalikes() -> dict[str, str]:
    """Cyrillic/Greek letter -> the Latin letter it is confusable with, from Unicode's confusables."""
    table: dict[str, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or categories.alias(char) not in _LOOKALIKE_SCRIPTS:
            continue
        for glyph in homoglyphs:
            candidate = glyph["c"]
            if len(candidate) == 1 and candidate.isascii() and candidate.isalpha():
                # The confusables skeleton folds capital I into "l"; a capital look-alike is an I.
                table[char] = "I" if candidate == "l" and not char.islower() else candidate
                break
    return table


@lru_cache(maxsize=65536)
def _script(char: str) -> str:
    try:
        return categories.alias(char)
    except Exception:  # characters outside the library's tables
        return "UNKNOWN"


@lru_cache(maxsize=65536)
def _word_profile(word: str) -> tuple[int, int, bool]:
    """(Latin letters, look-alike-script letters, every look-alike letter has a Latin twin)."""
    table = _latin_lookalikes()
    latin = foreign = 0
    mappable = True
    for char in word:
        script = _script(char)
        if script == "LATIN":
            latin += 1
        elif script in _LOOKALIKE_SCRIPTS:
            foreign += 1
            mappable = mappable and char in table
    return latin, foreign, mappable


def _latinised(word: str) -> str:
    table = _latin_lookalikes()
    return "".join(table.get(char, char) for char in word)


def _is_latin_word(word: str) -> bool:
    latin, foreign, _ = _word_profile(word)
    return latin > 0 and latin >= foreign


def repair_homoglyphs(text: str) -> tuple[str, list[HomoglyphFix]]:
    """Map look-alike letters inside mostly-Latin words to Latin; one fix recorded per distinct word.

    A word made only of look-alike letters (the Cyrillic "а" used as the English article) is
    repaired only when its neighbouring words on both sides are Latin, so real Russian or Greek
    text, whose neighbours are Cyrillic/Greek too, is left alone.
    """
    if not _FOREIGN_LETTERS.search(text):
        return text, []
    matches = list(_WORD.finditer(text))
    pieces: list[str] = []
    fixes: dict[str, str] = {}
    position = 0
    for index, match in enumerate(matches):
        word = match.group()
        latin, foreign, mappable = _word_profile(word)
        if not foreign or not mappable:
            continue
        if latin:
            repair = latin >= foreign
        else:
            # Only neighbours on the same line count: a line break ends the sentence context.
            neighbours = []
            if index > 0 and "\n" not in text[matches[index - 1].end() : match.start()]:
                neighbours.append(matches[index - 1].group())
            if index + 1 < len(matches) and "\n" not in text[match.end() : matches[index + 1].start()]:
                neighbours.append(matches[index + 1].group())
            repair = bool(neighbours) and all(_is_latin_word(w) for w in neighbours)
        if repair:
            repaired = _latinised(word)
            pieces.append(text[position : match.start()])
            pieces.append(repaired)
            position = match.end()
            fixes.setdefault(word, repaired)
    if not fixes:
        return text, []
    pieces.append(text[position:])
    return "".join(pieces), [HomoglyphFix(original=o, repaired=r) for o, r in fixes.items()]


def repair_text(text: str, max_rounds: int = 4) -> tuple[str, bool, list[HomoglyphFix]]:
    """Unicode repair, whitespace normalisation and homoglyph repair, repeated until nothing
    changes: on garbled input one repair can expose another (a homoglyph fix can complete a
    mojibake sequence), and cleaning must be idempotent."""
    mojibake = False
    fixes: dict[str, str] = {}
    for _ in range(max_rounds):
        repaired, layer = repair_unicode(text)
        repaired, round_fixes = repair_homoglyphs(normalise_text(repaired))
        mojibake = mojibake or layer
        for fix in round_fixes:
            fixes.setdefault(fix.original, fix.repaired)
        if repaired == text:
            break
        text = repaired
    return text, mojibake, [HomoglyphFix(original=o, repaired=r) for o, r in fixes.items()]
