"""Modal screens: profile form, confirmation, export prompt, help."""
