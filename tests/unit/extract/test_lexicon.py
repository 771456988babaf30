"""The lexicon package: one list per fact, each defined once, below every rule module."""

from __future__ import annotations

import ast
import collections
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import services.extract.lexicon as lexicon_package
from services.extract.lexicon import calendar_words, function_words, names, platforms, speech, stance, titles

LEXICON_DIR = Path(lexicon_package.__file__).parent
EXTRACT_DIR = LEXICON_DIR.parent
MODULE_NAMES = sorted(info.name for info in pkgutil.iter_modules([str(LEXICON_DIR)]))

# Lists whose words are written as they appear in text, not lower-cased: their users match case.
WRITTEN_AS_IN_TEXT = {"SENTENCE_START_WORDS", "SIGNATURE_TITLES"}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"services.extract.lexicon.{name}")


def _defined_names(name: str) -> list[str]:
    """The upper-case names a lexicon module assigns itself (not those it imports)."""
    tree = ast.parse((LEXICON_DIR / f"{name}.py").read_text(encoding="utf-8"))
    targets = [t for n in tree.body if isinstance(n, ast.Assign) for t in n.targets]
    targets += [n.target for n in tree.body if isinstance(n, ast.AnnAssign)]
    return [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]


def _lists() -> dict[str, object]:
    """Every public word list of the lexicon, by 'module.NAME'."""
    found: dict[str, object] = {}
    for name in MODULE_NAMES:
        module = _module(name)
        for attr in _defined_names(name):
            value = getattr(module, attr)
            if isinstance(value, (frozenset, set, tuple, list, dict)):
                found[f"{name}.{attr}"] = value
    return found


LISTS = _lists()


def _words(value: object) -> list[str]:
    """The words of a list (a dict's keys: what the users look up)."""
    assert isinstance(value, (frozenset, set, tuple, list, dict))
    return [w for w in value if isinstance(w, str)]


def test_the_package_has_the_modules_the_issue_names() -> None:
    assert {"speech", "titles", "names", "bodies", "platforms"} <= set(MODULE_NAMES)


@pytest.mark.parametrize("key", sorted(LISTS))
def test_every_list_is_non_empty(key: str) -> None:
    assert len(LISTS[key]) > 0  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(k for k in LISTS if k.split(".")[1] not in WRITTEN_AS_IN_TEXT))
def test_words_are_lower_case_where_their_users_lower_case(key: str) -> None:
    words = _words(LISTS[key])
    assert words, key
    assert [w for w in words if w != w.lower()] == []


def test_lists_written_as_in_text_are_capitalised() -> None:
    for key in WRITTEN_AS_IN_TEXT:
        value = getattr(function_words, key, None) or getattr(titles, key)
        assert all(w[:1].isupper() for w in value), key


def _literal_word_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split":
            if isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
                found.append((node.lineno, node.func.value.value.split()))
        elif isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            found.append((node.lineno, words))
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            found.append((node.lineno, keys))
    return found


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_no_word_is_written_twice_within_a_list(name: str) -> None:
    """A set silently drops a repeat, so a repeat in the source is a slip that hides a missing word."""
    tree = ast.parse((LEXICON_DIR / f"{name}.py").read_text(encoding="utf-8"))
    for line, words in _literal_word_lists(tree):
        repeated = [w for w, n in collections.Counter(words).items() if n > 1]
        assert repeated == [], f"{name}.py line {line}"


def test_no_two_lists_are_the_same() -> None:
    seen: dict[frozenset[str], str] = {}
    for key, value in sorted(LISTS.items()):
        words = frozenset(_words(value))
        assert words not in seen, f"{key} repeats {seen.get(words)}"
        seen[words] = key


def test_no_list_of_the_lexicon_is_defined_again_in_a_rule_module() -> None:
    """The rule modules import their word lists; none keeps a copy of one."""
    lexicon_lists = {frozenset(_words(v)) for v in LISTS.values() if len(v) > 2}  # type: ignore[arg-type]
    for path in sorted(EXTRACT_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            for _, words in _literal_word_lists(node.value):
                assert frozenset(words) not in lexicon_lists or len(words) <= 2, f"{path.name} line {node.lineno}"


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_the_lexicon_imports_no_other_extract_module(name: str) -> None:
    tree = ast.parse((LEXICON_DIR / f"{name}.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    outside = [m for m in imported if m.startswith("services") and not m.startswith("services.extract.lexicon")]
    assert outside == []
    assert [m for m in imported if m.split(".")[0] not in {"__future__", "re", "typing", "services"}] == []


def test_importing_the_lexicon_loads_no_rule_module_and_no_spacy() -> None:
    code = (
        "import sys\n"
        f"for name in {MODULE_NAMES!r}:\n"
        "    __import__('services.extract.lexicon.' + name)\n"
        "loaded = [m for m in sys.modules if m.startswith(('services.', 'spacy'))]\n"
        "print(sorted(m for m in loaded if not m.startswith('services.extract.lexicon') and m != 'services.extract'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=EXTRACT_DIR.parent.parent)
    assert out.stdout.strip() == "[]"


def test_nlp_reads_the_speaker_nouns_from_the_lexicon_not_from_speakers() -> None:
    """The old nlp -> speakers import (inside a function, to dodge the cycle) is gone."""
    tree = ast.parse((EXTRACT_DIR / "nlp.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "services.extract.speakers" not in imported
    assert "services.extract.lexicon.people" in imported


# --------------------------------------------------------------------------- the facts themselves


def test_the_alias_resolvers_particles_are_name_particles_without_capitalised_given_names() -> None:
    assert names.FOLDED_NAME_PARTICLES < names.NAME_PARTICLES
    for given_name in ("des", "do", "abu", "ten"):  # 'Des Browne', 'Do Kwon', 'Abu Bakr'
        assert given_name in names.NAME_PARTICLES
        assert given_name not in names.FOLDED_NAME_PARTICLES
    assert {"van", "de", "al", "bin"} <= names.FOLDED_NAME_PARTICLES


def test_platforms_searched_in_raw_text_are_all_but_the_letter_x() -> None:
    assert set(platforms.PLATFORMS) - set(platforms.PLATFORMS_FOUND_IN_TEXT) == {"x"}
    assert platforms.PLATFORMS["whatsapp"] == "WhatsApp"
    assert all(platforms.PLATFORMS[k] == v for k, v in platforms.PLATFORMS_FOUND_IN_TEXT.items())


def test_sentence_start_words_are_the_function_words_capitalised() -> None:
    assert {w.lower() for w in function_words.SENTENCE_START_WORDS} == function_words.FUNCTION_WORDS
    assert "After" in function_words.SENTENCE_START_WORDS


@pytest.mark.parametrize(("lemma", "form"), [("say", "said"), ("admit", "admitted"), ("deny", "denied"),
                                              ("argue", "argued"), ("stress", "stresses"), ("plead", "pled")])
def test_speech_forms_inflect_the_lemmas(lemma: str, form: str) -> None:
    assert form in speech.speech_verb_forms(lemma)
    assert form in speech.SPEECH_FORMS


def test_noun_like_forms_are_cue_forms() -> None:
    assert speech.NOUN_LIKE_FORMS <= speech.CUE_FORMS
    assert {"report", "warning", "plan", "shows"} <= speech.NOUN_LIKE_FORMS


def test_cue_lemmas_are_speech_beliefs_and_evidence() -> None:
    assert speech.CUE_LEMMAS == (speech.SPEECH_LEMMAS | stance.BELIEF_LEMMAS | stance.EVIDENCE_LEMMAS
                                 | stance.STANCE_ADJECTIVES)
    assert stance.STANCE_ADJECTIVES <= speech.CUE_FORMS  # one form each, not inflected
    assert speech.SPEECH_ACT_LEMMAS <= speech.SPEECH_LEMMAS
    assert speech.SPEECH_FORMS <= speech.CUE_FORMS
    assert {"thought", "knew", "showed", "sought", "wants"} <= speech.CUE_FORMS - speech.SPEECH_FORMS


def test_clause_only_beliefs_and_evidence_are_in_their_lists() -> None:
    assert stance.BELIEF_ONLY_WITH_THAT_CLAUSE <= stance.BELIEF_LEMMAS
    assert stance.EVIDENCE_ONLY_WITH_THAT_CLAUSE <= stance.EVIDENCE_LEMMAS
    assert set(stance.IRREGULAR_STANCE_FORMS) <= stance.BELIEF_LEMMAS | stance.EVIDENCE_LEMMAS


def test_speech_subsets_are_speech_lemmas() -> None:
    """The subsets refine the speech lemmas. Three words of them are not speech lemmas (so a verb
    with that lemma never reaches the refinement): listed here so a new stray is noticed."""
    subsets = (speech.OBJECT_CONTENT_LEMMAS, speech.LABELLING_LEMMAS, speech.ACT_OR_SPEECH_LEMMAS,
               speech.AUDIENCE_LEMMAS, speech.SPEECH_ONLY_WITH_THAT_CLAUSE)
    strays = frozenset().union(*subsets, speech.PREPOSITION_CONTENT) - speech.CUE_LEMMAS
    assert strays == {"welcome", "remind", "point", "speak"}


def test_calendar_words_are_in_calendar_order() -> None:
    assert calendar_words.WEEKDAYS.index("friday") == 4
    assert calendar_words.MONTHS[8] == "september"
    assert {m[:3] for m in calendar_words.MONTHS} <= set(calendar_words.MONTH_ABBREVIATIONS)


def test_honorifics_and_post_nominals_do_not_overlap() -> None:
    assert not titles.HONORIFICS & titles.POST_NOMINALS
    assert titles.FEMALE_TITLES.isdisjoint(titles.MALE_TITLES)
