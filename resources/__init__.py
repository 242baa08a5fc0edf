"""The till's resources: style sheet, fonts, translations, sample data and the example
hardware.toml. In a source checkout this is the ``resources/`` folder; an installed wheel
carries it as the package ``bisama_resources`` (see setup.py). Find them with
``terminal.ui.resources.resource``."""
