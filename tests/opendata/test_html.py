"""The Open data page and the API documentation page are valid HTML (Nu HTML Checker)."""

import json
import subprocess

from tests.browser_support import vnu_command
from tests.factories_opendata import build_record


def test_the_open_data_and_api_docs_pages_are_valid_html(client, db, tmp_path):
    build_record()
    files = []
    for name, path in (("open-data.html", "/en/open-data/"), ("api-docs.html", "/api/v1/docs")):
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / name).write_bytes(response.content)
        files.append(tmp_path / name)
    result = subprocess.run(vnu_command(files), capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{m.get('url', '?').rsplit('/', 1)[-1]} line {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    assert not errors, "\n".join(errors)
