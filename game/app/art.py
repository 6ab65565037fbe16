"""Pictures the game shows: characters' faces, icons and story images.

Icons and story images are PNG files drawn by assets/make_art.py. Each is loaded once,
scaled once per size and kept; a missing file never stops the game (a plain placeholder
is drawn in its place), because a kiosk must run even with a half-copied assets folder.
Faces are drawn at run time by game/app/faces.py, one look per character, and kept per
(look, size); an author's own `picture` beside the story comes first.
"""

from __future__ import annotations

import types

import pygame

from ..core import model as m
from ..core.library import ASSETS_DIR
from . import faces


def log():
    """The module's logger; logging is imported on first use, not at start-up."""
    import logging

    return logging.getLogger(__name__)


IMAGES = ASSETS_DIR / "images"


def _beside(scenario, picture: str) -> str | None:
    """Where a story's own picture is: beside the story file first, then under assets/ (None if neither)."""
    from pathlib import Path

    from ..core.validator import safe_asset_path

    pure = safe_asset_path(picture)
    if pure is None:
        return None
    story_dir = Path(getattr(scenario, "path", "") or ".").parent
    for candidate in (story_dir / pure, ASSETS_DIR / pure):
        if candidate.is_file():
            return str(candidate.resolve())
    return None


class Art:
    def __init__(self) -> None:
        self._raw: dict[str, pygame.Surface | None] = {}
        self._scaled: dict[tuple, pygame.Surface] = {}
        self._faces: dict[tuple, pygame.Surface] = {}
        self._videos: dict[tuple, pygame.Surface] = {}
        self._casts: dict[int, tuple[object, dict[str, faces.Look]]] = {}

    def _load(self, rel: str) -> pygame.Surface | None:
        if rel not in self._raw:
            path = IMAGES / rel  # an absolute path (an organiser's picture) replaces the folder
            try:
                surf = pygame.image.load(str(path))
                self._raw[rel] = surf.convert_alpha() if pygame.display.get_surface() else surf
            except (pygame.error, FileNotFoundError, OSError):
                log().debug("image %s not found; drawing a placeholder", rel)
                self._raw[rel] = None
        return self._raw[rel]

    def image(self, rel: str, size: tuple[int, int], tint=None, fit: str = "stretch", round_: bool = False) -> pygame.Surface:
        """The image at rel (under assets/images), scaled to size; a placeholder if it is missing."""
        key = (rel, size, tint, fit, round_)
        surf = self._scaled.get(key)
        if surf is not None:
            return surf
        raw = self._load(rel)
        w, h = max(1, size[0]), max(1, size[1])
        if raw is None:
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.ellipse(surf, tint or (150, 160, 175), surf.get_rect().inflate(-w // 8, -h // 8), max(2, w // 16))
        else:
            if fit == "cover":
                scale = max(w / raw.get_width(), h / raw.get_height())
                big = pygame.transform.smoothscale(raw, (int(raw.get_width() * scale + 1), int(raw.get_height() * scale + 1)))
                surf = pygame.Surface((w, h), pygame.SRCALPHA)
                surf.blit(big, ((w - big.get_width()) // 2, (h - big.get_height()) // 2))
            else:
                surf = pygame.transform.smoothscale(raw, (w, h))
            if tint is not None:
                surf = surf.copy()
                surf.fill((*tint, 255), special_flags=pygame.BLEND_RGBA_MULT)
            if round_:  # a photo cut to a circle, like the drawn avatars
                mask = pygame.Surface((w, h), pygame.SRCALPHA)
                pygame.draw.ellipse(mask, (255, 255, 255, 255), mask.get_rect())
                surf = surf.copy()
                surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        if len(self._scaled) > 600:
            self._scaled.clear()
        self._scaled[key] = surf
        return surf

    def story_image(self, path: str, size: tuple[int, int], fit: str = "cover") -> pygame.Surface:
        """A scenario's `image:`, a path relative to assets/ (the validator keeps it inside)."""
        rel = path[len("images/") :] if path.startswith("images/") else f"../{path}"
        return self.image(rel, size, fit=fit)

    def look(self, who: m.Character | None, scenario) -> faces.Look:
        """The character's generated look, worked out once for the whole cast of its story."""
        if who is None:
            return faces.UNKNOWN
        cid, story, cast = who.id, getattr(scenario, "id", ""), getattr(scenario, "characters", {})
        if cast.get(cid) is not who:  # a character outside a story: its look alone
            return faces.looks_of(story, {cid: who})[cid]
        key = id(scenario)
        if key not in self._casts or self._casts[key][0] is not scenario:
            self._casts[key] = (scenario, faces.looks_of(story, cast))
        return self._casts[key][1][cid]

    def _drawn(self, look: faces.Look, size: tuple[int, int], round_: bool) -> pygame.Surface:
        """A face (round) or a video frame, drawn once per look and size and kept.

        Faces are small; a video frame is a whole screen, so only the last few are kept.
        """
        kept, most = (self._faces, 300) if round_ else (self._videos, 6)
        key = (look, size)
        surf = kept.get(key)
        if surf is None:
            surf = faces.avatar(look, size[0]) if round_ else faces.video(look, size)
            if len(kept) >= most:
                kept.pop(next(iter(kept)))  # the oldest
            kept[key] = surf
        return surf

    def avatar(self, avatar: str, diameter: int) -> pygame.Surface:
        """The stand-in face of an avatar kind (`officer`, `mom`...), outside any story."""
        return self._drawn(_stand_in(avatar), (diameter, diameter), True)

    def face(self, who, scenario, diameter: int) -> pygame.Surface:
        """A character's own `picture` (beside its story, or under assets/) as a round face; else its generated face."""
        picture = getattr(who, "picture", "") if who is not None else ""
        if picture:
            found = _beside(scenario, picture)
            if found is not None:
                return self.image(found, (diameter, diameter), fit="cover", round_=True)
        return self._drawn(self.look(who, scenario), (diameter, diameter), True)

    def video_of(self, who, scenario, size: tuple[int, int]) -> pygame.Surface:
        """The other side of a video call: the character's own picture, else the same generated person in a room."""
        picture = getattr(who, "picture", "") if who is not None else ""
        found = _beside(scenario, picture) if picture else None
        if found is not None:
            return self.image(found, size, fit="cover")
        return self._drawn(self.look(who, scenario), size, False)

    def icon(self, name: str, size: int, colour) -> pygame.Surface:
        return self.image(f"icons/{name}.png", (size, size), tint=tuple(colour))

    def video(self, avatar: str, size: tuple[int, int]) -> pygame.Surface:
        """The stand-in person of an avatar kind on a video call, outside any story."""
        return self._drawn(_stand_in(avatar), size, False)


def _stand_in(avatar: str) -> faces.Look:
    """The look of a nameless character of this avatar kind (the "?" for `unknown`)."""
    who = types.SimpleNamespace(
        id=avatar, avatar=avatar, role="stranger" if avatar == "unknown" else "other", name=m.Text.plain(avatar), number=""
    )
    return faces.make_look("", who)
