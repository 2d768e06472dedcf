from __future__ import annotations

import pytest

from tracker.models import section_key
from tracker.sections import add_sections, canonical_section


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Пытанні бяспекі", "Security issues"),
        ("Вопросы  безопасности", "Security issues"),
        ("Беларуска-расійскія адносіны", "Belarus–Russia relations"),
        ("Belarus-Russia relations", "Belarus–Russia relations"),
        ("ЭКОНОМИКА", "Economy"),
        ("Общество и политика", "Society and politics"),
        ("Міжнародныя адносіны", "International relations"),
        ("Беларусь – Запад", "Belarus-West relations"),
        ("Грамадства і палітычныя партыі", "Society and political parties"),
        ("Regional  news", "Regional news"),
    ],
)
def test_translations_are_one_section(name: str, canonical: str) -> None:
    assert canonical_section(name) == canonical
    assert section_key(name) == section_key(canonical)


def test_more_rubrics_can_be_taught() -> None:
    add_sections({"Culture": ["Культура"]})
    assert canonical_section("культура") == "Culture"
