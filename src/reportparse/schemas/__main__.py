"""``python -m reportparse.schemas``: regenerate the shipped schema files from the models."""

from . import write_all

for written in write_all():
    print(written)
