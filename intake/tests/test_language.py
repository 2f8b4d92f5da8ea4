"""Words in a language the intake cannot read are found, said, and asked about: never taken
for "nothing worrying". Every text here was written for this test."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intake.engine import analyse
from intake.language import MIN_LETTERS, language_of, main_language, unread_parts
from intake.safety import assess_intake

WHOLE = [
    ("es", "No puedo más. El bebé llora toda la noche y a veces pienso que estarían mejor sin mí."),
    ("fr", "Je n'en peux plus, le bébé pleure sans arrêt et mon mari rentre tard tous les soirs."),
    ("de", "Ich kann nicht mehr. Die Kleine schreit die ganze Nacht und niemand hilft mir."),
    ("pt", "Não aguento mais, o bebé chora a noite toda e eu só quero desaparecer."),
    ("pl", "Nie daję rady. Dziecko płacze całą noc, a mąż ciągle jest w pracy."),
    ("it", "Non ce la faccio più, il bambino piange tutta la notte e sono sola."),
    ("ar", "أنا متعبة جداً، الطفل يبكي طوال الليل ولا أحد يساعدني"),
    ("zh", "我很累，宝宝整晚都在哭，没有人帮我"),
]

ENGLISH = [
    "ftm here, ebf, lo wont latch on the left side, any tips??",
    "DH works 16h days and I'm so tired, LO up every 2h since the 4 month regression",
    "Quick question about bottles: how many ml at 4 months? Gracias!",
    "Hola everyone, first post. Our baby screams whenever my husband holds him.",
    "i want to die",
    "Sleep regression at 4 months? Bubs up every 2h, we're zombies lol",
    "help",
    "ok",
    "I'm devastated.",
    "Reflux meds ok?",
    "Throwaway account.",
    "DH useless tbh",
    "She sleeps fine.",
    "3 months postpartum.",
]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets, split simply (the engine's own splitter is private)."""
    spans, start = [], 0
    for index, char in enumerate(text):
        if char in ".!?":
            spans.append((start, index + 1))
            start = index + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@pytest.mark.parametrize(("code", "text"), WHOLE)
def test_a_text_in_another_language_is_unread_as_a_whole(code: str, text: str) -> None:
    parts = unread_parts(text, _sentences(text))
    assert len(parts) == 1 and parts[0].whole
    assert parts[0].language == code
    assert text[parts[0].start : parts[0].end] == text.strip()
    assert main_language(parts) == code


@pytest.mark.parametrize("text", ENGLISH)
def test_english_with_slang_typos_and_a_foreign_word_is_read(text: str) -> None:
    assert unread_parts(text, _sentences(text)) == ()


def test_one_sentence_in_spanish_inside_an_english_post_is_the_part_unread() -> None:
    text = (
        "My baby cries every night and my husband works late. "
        "Ya no puedo más con esto, a veces pienso en desaparecer. "
        "Anyway, how do you all cope with the evenings?"
    )
    parts = unread_parts(text, _sentences(text))
    assert [(p.language, p.whole) for p in parts] == [("es", False)]
    assert "desaparecer" in text[parts[0].start : parts[0].end]
    assert "husband" not in text[parts[0].start : parts[0].end]


def test_other_peoples_replies_are_not_judged() -> None:
    text = "My baby cries every night and I am so tired of it all."
    reply = "\n\nHola, lo siento mucho, a mí me pasó lo mismo con mi hija."
    assert unread_parts(text + reply, _sentences(text + reply), region_end=len(text)) == ()


def test_a_short_text_counts_in_the_readers_own_language_or_another_script() -> None:
    assert unread_parts("quiero morirme", [(0, 14)]) == ()  # could be anything, so read
    (part,) = unread_parts("quiero morirme", [(0, 14)], expect=["es-mx"])
    assert (part.language, part.whole) == ("es", True)
    assert unread_parts("I'm devastated.", [(0, 15)], expect=["es"]) == ()
    (part,) = unread_parts("Я больше не могу так", [(0, 20)])
    assert part.language == "ru"


def test_short_pieces_are_not_judged() -> None:
    assert language_of("¿Qué hago?") is None  # fewer than MIN_LETTERS letters
    assert language_of("x" * MIN_LETTERS) is not None


def test_a_spanish_text_asks_the_screen_about_the_writer_without_an_alarm() -> None:
    safety = assess_intake(analyse(WHOLE[0][1]))
    assert safety.ask_screen
    assert safety.screen_about == "writer"
    assert safety.topics == ("self", "baby")
    assert "asked:language" in safety.reason_codes
    assert safety.tier == 4  # a question, not "call the emergency number"


def test_english_devset_texts_in_forum_style_are_never_unread() -> None:
    path = Path(__file__).resolve().parents[1] / "devset" / "train8.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    texts = [item["text"] for value in data.values() if isinstance(value, list) for item in value]
    assert len(texts) > 100
    flagged = [t for t in texts if unread_parts(t, _sentences(t))]
    assert flagged == []
