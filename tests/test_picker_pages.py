"""The story picker, paged with its "next" button, shows every story once and then comes back to the first page."""

from __future__ import annotations

import pytest
from apphelp import button, click, make_app


@pytest.mark.parametrize("text_size", ["normal", "huge"])
@pytest.mark.parametrize("size", [(1024, 768), (1080, 1920)], ids=["1024x768", "1080x1920"])
def test_paging_the_picker_shows_every_story(library, size, text_size) -> None:
    app, _ = make_app(library, size=size, lang="vi", text_size=text_size)
    click(app, button(app, "lang:vi"))
    assert app.scene.name == "picker"
    wanted = {sc.id for sc in library.scenarios.values()}
    first = [b.id for b in app.scene.buttons if b.id.startswith("scenario:")]
    seen: list[str] = list(first)
    for _ in range(len(wanted)):  # never more pages than stories
        if not any(b.id == "more" for b in app.scene.buttons):
            break  # all on one page
        click(app, button(app, "more"))
        shown = [b.id for b in app.scene.buttons if b.id.startswith("scenario:")]
        if shown == first:
            break  # back to the first page
        seen += shown
    assert sorted(seen) == sorted(f"scenario:{i}" for i in wanted)
