"""The pygame front end: scenes, layout, widgets, art and sound, on top of the story core."""
