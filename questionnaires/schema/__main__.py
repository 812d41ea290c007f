"""``python -m questionnaires.schema``: rewrite the committed JSON Schema from the model."""

from questionnaires.schema import write

if __name__ == "__main__":
    print(f"wrote {write()}")
