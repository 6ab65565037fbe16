"""The screens of the pygame front end, one module each."""
