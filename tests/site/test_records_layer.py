"""dialogue/records/ is the layer under every app: it imports none of them."""

import re
from pathlib import Path

import dialogue.records


def test_the_shared_record_modules_import_no_app():
    for module in Path(dialogue.records.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        pattern = r"^\s*(from|import) (chairmanships|events|statements|dialogue(?!\.records\b))\b"
        assert not re.search(pattern, source, re.M), module.name
