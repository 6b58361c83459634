"""Only http and https links, whatever address is stored.

The admin's forms accept only web addresses, but an address that reached the database
another way (an import, the shell, `QuerySet.update()`) could be ``javascript:…`` or
``data:…``. Every stored address the site outputs as a link (pages, JSON-LD, the API, the
Popolo export) passes `web_address` first; the pages show any other address as text.
"""

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def web_address(value) -> str:
    """`value` if it is an http or https address with a host, else an empty string.

    `urlsplit` drops what a browser drops too (leading spaces and control characters, tabs
    and line breaks anywhere), so ``java\\tscript:`` is judged as ``javascript:``.
    """
    if not value or not isinstance(value, str):
        return ""
    address = value.strip()
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return ""
    return address
