"""services.extract.alias_clusters: a cluster's canonical name and what a name says."""

from alias_helpers import resolve_all

from schemas.models import EntityType
from services.extract.alias_clusters import Cluster, describe_name, display_form, latest


def test_case_variants_prefer_the_informative_capitalisation():
    names = resolve_all("Belta", "BelTA", "Belta", "BELTA")
    assert set(names.values()) == {"BelTA"}
    assert set(resolve_all("Nato", "NATO").values()) == {"NATO"}


def test_a_bodys_numbered_unit_is_the_unit():
    names = resolve_all("Ukrainian Army’s 93rd Mechanized Brigade", "93rd Mechanized Brigade", "Ukrainian Army")
    assert names["Ukrainian Army’s 93rd Mechanized Brigade"] == "93rd Mechanized Brigade"
    assert names["Ukrainian Army"] == "Ukrainian Army"
    names = resolve_all("Acme Group’s Widget Division", "Widget Division")
    assert set(names.values()) == {"Widget Division"}


def test_a_countrys_troops_are_named_as_its_armed_forces_unless_the_text_names_them():
    names = resolve_all("Russian troops", "Russian forces", "Russian soldiers")
    assert set(names.values()) == {"Russian Armed Forces"}
    names = resolve_all("Ukraine’s armed forces", "Armed Forces of Ukraine")
    assert set(names.values()) == {"Armed Forces of Ukraine"}
    names = resolve_all("Dutch troops", "Dutch military")
    assert set(names.values()) == {"Dutch Armed Forces"}


def test_canonical_prefers_a_full_name_then_frequency_then_first_seen():
    cluster = Cluster(key=0, type=None)
    for form, seen in (("Harbour Board", 1), ("Harbour Board", 2), ("Quay Office", 3)):
        cluster.forms[form] += 1
        cluster.form_seen.setdefault(form, seen)
        cluster.aliases[form] += 1
    assert cluster.canonical() == "Harbour Board"
    assert cluster.entity_type() is EntityType.organisation


def test_display_form_and_describe_name():
    assert display_form("Mayor Odile Varnsworth") == "Odile Varnsworth"
    assert display_form("Acme Group’s Widget Division") == "Widget Division"
    assert display_form("Italian troops") == "Italian Armed Forces"
    mention = describe_name("IMC", "IMC", False, None, None)
    assert mention.acronym == "IMC" and mention.person is None
    person = describe_name("Odile Varnsworth", "Odile Varnsworth", False, EntityType.person, None)
    assert person.person is not None and person.display == "Odile Varnsworth"


def test_latest_is_the_most_recently_seen_first_of_equals():
    a, b, c = Cluster(key=0, type=None, last_seen=3), Cluster(key=1, type=None, last_seen=5), \
        Cluster(key=2, type=None, last_seen=5)
    assert latest([a, b, c]) is b
    assert latest([]) is None
