"""services.extract.alias_index: the corpus resolver's candidate index."""

from schemas.models import EntityType
from services.extract.alias_clusters import Cluster, describe_name
from services.extract.alias_index import CandidateIndex, cluster_keys, surname_keys, word_keys
from services.extract.alias_people import person_name


def test_spellings_of_a_surname_share_a_blocking_key():
    assert set(surname_keys("varnsvorth")) & set(surname_keys("varnsvarth"))
    assert not set(surname_keys("varnsvorth")) & set(surname_keys("halloran"))


def test_word_keys_cover_a_slip_of_one_letter():
    assert set(word_keys("organisation")) & set(word_keys("organization"))
    assert word_keys("dock") == [("p", "doc")]


def _person_cluster(key: int, name: str) -> Cluster:
    person = person_name(name)
    assert person is not None
    cluster = Cluster(key=key, type=EntityType.person, persons=[person])
    cluster.forms[person.display] += 1
    return cluster


def test_candidates_are_found_by_key_and_dropped_with_their_cluster():
    index = CandidateIndex()
    odile, tomas = _person_cluster(0, "Odile Varnsworth"), _person_cluster(1, "Tomas Halloran")
    clusters = {0: odile, 1: tomas}
    for cluster in clusters.values():
        index.add(cluster)
    mention = describe_name("Varnsworth", "Varnsworth", False, None, None)
    assert index.candidates(mention, clusters) == [odile]
    index.drop(0)
    assert index.candidates(mention, clusters) == []
    assert ("s", "halloran") in cluster_keys(tomas)


def test_a_description_is_filed_under_its_words_only():
    cluster = Cluster(key=0, type=None, description=True)
    cluster.aliases["an unnamed harbour official"] += 1
    assert cluster_keys(cluster) == {("d", "harbour official")}
