"""The claim extractor: who said what, in one article.

    extract_claims(article) -> list[ClaimEvent]
    extract_many(articles)  -> iterator of claim lists, parsing all articles' sentences in batches

Both take an optional `EntityRegistry` (services.extract.registry) for names canonical across
articles. Pure and deterministic. Each batch of articles runs four steps, each in its own module:

1. plan   (services.extract.plan): paragraphs, sentences, quotations, embedded posts and
   quantities by rule, and which sentences the parser reads (those with a reporting cue);
2. parse  (services.extract.parse): tagger and parser over every planned sentence of the batch,
   then named-entity recognition only where a speaker can be named;
3. walk   (services.extract.walk): every name feeds the alias resolver, then the article's units
   are walked in text order (attribution, indirect, formats, subjects, numeric);
4. claims (services.extract.claims): each draft becomes a ClaimEvent with evidence offsets into
   ``article.text``, hedges, event date and entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from schemas.models import ClaimEvent, RawArticle
from services.extract.claims import EXTRACTOR_VERSION
from services.extract.limits import DEFAULT_LIMITS, ExtractionLimits
from services.extract.nlp import get_nlp
from services.extract.parse import parse_texts, recognise_speaker_names
from services.extract.plan import Plan, plan_article
from services.extract.registry import EntityRegistry
from services.extract.walk import ArticleWalk

__all__ = ["EXTRACTOR_VERSION", "ArticleWalk", "extract_claims", "extract_many", "get_nlp", "plan_article"]

BATCH_ARTICLES = 16


def _batched(items: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def parse_plans(plans: list[Plan]) -> None:
    """Parse the sentences every plan marked, in one batch, and hand each its doc."""
    nlp = get_nlp()
    parsed = parse_texts(nlp, [text for plan in plans for text in plan.parse_texts])
    recognise_speaker_names(nlp, parsed)
    docs = iter(parsed)
    for plan in plans:
        for sentence in plan.sentences:
            if sentence.parse:
                sentence.doc = next(docs)


def extract_many(articles: Iterable[RawArticle], registry: EntityRegistry | None = None, *,
                 batch_articles: int = BATCH_ARTICLES,
                 limits: ExtractionLimits | None = None) -> Iterator[list[ClaimEvent]]:
    """Claims per article, in input order; the parser sees the pre-filtered sentences of several
    articles in one batched ``nlp.pipe`` call. With a `registry`, speaker and entity names are
    the corpus' canonical names (learnt in input order), else each article's own. `limits` bound
    the work per article (services.extract.limits; defaults when None)."""
    limits = DEFAULT_LIMITS if limits is None else limits
    get_nlp()  # load the model before the first plan, as callers timing the first article expect
    for chunk in _batched(articles, batch_articles):
        plans = [plan_article(article, limits) for article in chunk]
        parse_plans(plans)
        for plan in plans:
            walk = ArticleWalk(plan)
            claims = walk.run()[: limits.max_claims]
            yield claims if registry is None else registry.rename_claims(claims, walk.entities())


def extract_claims(article: RawArticle, registry: EntityRegistry | None = None,
                   limits: ExtractionLimits | None = None) -> list[ClaimEvent]:
    """Every attributed claim, numeric claim and reported event in one article, in text order;
    names are corpus-canonical when a `registry` is given (it learns the article). At most
    `limits.max_claims` claims, from the first `limits.max_chars` characters."""
    return next(extract_many([article], registry, limits=limits))
