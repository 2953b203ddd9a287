"""Site search finds Japanese words inside sentences (no spaces to split on) and English words;
learners narrow materials by topic and level."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from cms.search import search_pages
from core.easyjp import query_terms, tokens_for_index
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db


def titles(results) -> set[str]:
    return {page.title for page in results}


def test_a_word_inside_a_japanese_sentence_is_found(pages):
    assert titles(search_pages("避難所")) == {"じしんの とき"}
    assert titles(search_pages("給食")) == {"きゅうしょく"}


def test_an_inflected_verb_finds_its_other_forms(pages):
    # The page says 食べます; a learner types the dictionary form.
    assert titles(search_pages("食べる")) == {"きゅうしょく"}


def test_all_words_of_a_query_must_match(pages):
    assert titles(search_pages("学校で 避難所")) == set()
    assert titles(search_pages("学校の給食")) == {"きゅうしょく"}


def test_english_words_are_found(pages):
    assert titles(search_pages("volunteers")) == {"Volunteer teachers wanted"}


def test_materials_by_topic_and_level(pages):
    assert titles(search_pages("", topic="disaster-t")) == {"じしんの とき"}
    assert titles(search_pages("", level="A1")) == {"きゅうしょく"}
    assert titles(search_pages("避難所", topic="school-t")) == set()


def test_a_translation_is_preferred_for_readers_of_its_language(pages):
    from django.utils import translation

    english = pages["lunch"].copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "School lunch"
    publish(english)
    with translation.override("en"):
        # Both versions hold 給食 (the body is not translated yet): the English one is shown.
        assert titles(search_pages("給食")) == {"School lunch"}
        assert titles(search_pages("lunch")) == {"School lunch"}
    assert titles(search_pages("給食")) == {"きゅうしょく"}


def test_the_search_page_answers_in_the_readers_language(client, pages):
    html = client.get("/search/", {"q": "避難所"}).content.decode()
    assert "<ruby>" in html and pages["quake"].url in html
    assert client.get("/search/").status_code == 200
    assert 'role="alert"' in client.get("/search/", {"q": ""}).content.decode()


def test_the_index_text_is_cut_into_words():
    # Each word, then its reading in hiragana (for learners who type kana).
    assert tokens_for_index("避難所へ行きましょう。").split()[:4] == [
        "避難",
        "ひなん",
        "所",
        "しょ",
    ]
    assert query_terms("学校の給食") == "学校 給食"


# --- Learners: vocabulary, kana readings, other languages (issue 12, item 4) --------------------


@pytest.fixture
def vocabulary_page(material_index):
    from tests.cms.factories import MaterialPageFactory

    return publish(
        MaterialPageFactory(
            parent=material_index,
            title="地震の とき",
            intro="",
            body=[
                {"type": "text", "value": "<p>大きな 地震が 来たら、 机の 下に 入ります。</p>"},
                {
                    "type": "vocabulary",
                    "value": {
                        "heading": "ことば",
                        "words": [
                            {"word": "避難", "reading": "ひなん", "meaning": "にげる こと"},
                            {"word": "避難所", "reading": "ひなんじょ", "meaning": "にげる 場所"},
                        ],
                    },
                },
            ],
        )
    )


def test_a_word_of_the_vocabulary_list_finds_the_page(vocabulary_page):
    assert titles(search_pages("避難")) == {"地震の とき"}
    assert titles(search_pages("避難所")) == {"地震の とき"}


def test_a_reading_typed_in_hiragana_finds_the_kanji(vocabulary_page):
    assert titles(search_pages("じしん")) == {"地震の とき"}


def test_a_reading_typed_in_katakana_finds_the_kanji(vocabulary_page):
    assert titles(search_pages("ジシン")) == {"地震の とき"}


def test_an_english_word_of_a_translation_finds_the_page_from_another_language(
    client, vocabulary_page
):
    from django.utils import translation

    english = vocabulary_page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "When an earthquake comes"
    english.save_revision().publish()
    with translation.override("vi"):
        # No Vietnamese page: the reader gets the easy-Japanese original.
        assert titles(search_pages("earthquake")) == {"地震の とき"}
    html = client.get("/vi/search/?q=earthquake").content.decode()
    assert "translation-note" in html


def test_results_show_the_title_with_furigana_and_a_snippet(client, vocabulary_page):
    html = client.get("/search/?q=じしん").content.decode()
    assert "<ruby>地震<rt>じしん</rt></ruby>の とき" in html
    assert 'class="search-results__snippet">' in html
    assert "<ruby>机<rt>つくえ</rt></ruby>" in html
