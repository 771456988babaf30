"""services.extract.alias_people: people's names, and the person rules seen through the resolver."""

from alias_helpers import resolve_all

from services.extract.alias_people import double_surname, given_compatible, is_fuller_name, person_name
from services.extract.aliases import AliasResolver


def test_titles_and_surnames_join_the_full_name():
    names = resolve_all("Prime Minister Jacinda Ardern", "Ms Ardern", "Ardern", "Jacinda Ardern")
    assert set(names.values()) == {"Jacinda Ardern"}


def test_surname_before_full_name_is_upgraded():
    names = resolve_all("Kipchoge", "Eliud Kipchoge", "Mr Kipchoge")
    assert set(names.values()) == {"Eliud Kipchoge"}


def test_transliterations_merge():
    names = resolve_all("Sergei Shoigu", "Sergey Shoigu", "Shoygu")
    assert set(names.values()) == {"Sergei Shoigu"}
    names = resolve_all("Volodymyr Zelensky", "Zelenskyy", "President Volodymyr Zelenskiy")
    assert set(names.values()) == {"Volodymyr Zelensky"}


def test_same_surname_different_first_names_stay_apart():
    names = resolve_all("Serena Williams", "Venus Williams")
    assert names["Serena Williams"] != names["Venus Williams"]
    names = resolve_all("Anna Myroniuk", "Anton Myroniuk")
    assert names["Anna Myroniuk"] != names["Anton Myroniuk"]


def test_lone_surname_goes_to_the_person_mentioned_last():
    resolver = AliasResolver()
    resolver.add("Serena Williams")
    resolver.add("Venus Williams")
    assert resolver.add("Williams") == "Venus Williams"


def test_initial_and_short_form_of_a_first_name_match():
    names = resolve_all("Alexander Stubb", "A. Stubb", "Alex Stubb")
    assert set(names.values()) == {"Alexander Stubb"}


def test_person_name_drops_titles_and_folds_the_words():
    person = person_name("Mayor Odile Varnsworth")
    assert person is not None and person.full
    assert person.display == "Odile Varnsworth"
    assert person.surname == "varnsvorth"
    bare = person_name("Mr Varnsworth")
    assert bare is not None and not bare.full
    assert person_name("Varnsworth Shipping Company") is None  # a body's word
    assert person_name("room 101") is None


def test_given_names_are_compatible_by_initial_short_form_or_spelling():
    assert given_compatible(("odile",), ("o",))
    assert given_compatible(("alex",), ("alexander",))
    assert not given_compatible(("odile",), ("olga",))
    assert not given_compatible(("odile",), ("agnes",))
    assert given_compatible((), ("odile",))


def test_a_double_surname_continues_the_shorter_name():
    short, long_, bare = person_name("Ramon Quist"), person_name("Ramon Quist Abellan"), person_name("Quist")
    assert short is not None and long_ is not None and bare is not None
    assert double_surname(short, long_)
    assert not double_surname(short, bare)


def test_is_fuller_name():
    assert is_fuller_name("Odile Varnsworth", "Mrs Varnsworth")
    assert is_fuller_name("Odile Varnsworth", "O. Varnsworth")
    assert not is_fuller_name("Varnsworth", "Odile Varnsworth")
    assert not is_fuller_name("Odile Varnsworth", "Agnes Barlow")
