"""The story core: scenario model, loader, validator, playthrough, debrief. Pure Python, no pygame."""
