"""Read a rendered form's current values, so a test can submit it as a browser would, changed.

The admin's change forms carry many fields (dates split in two, permission
lists, hidden management data); posting back exactly what the page holds, with
one field replaced, exercises the real form without the test restating it.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.values.setdefault(name, []).append(values.get("value", default))
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in values:
            self.values[self._select].append(values.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one newline that may follow <textarea>.
            self.values[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None


def form_values(html: str, form_id: str) -> dict[str, list[str]]:
    """The values the form ``form_id`` would submit as the page stands.

    >>> form_values('<form id="f"><input name="a" value="1"><textarea name="b">\\nx</textarea>'
    ...             '<select name="c" multiple><option value="2" selected><option value="3">'
    ...             '</select><input type="checkbox" name="d"></form>', "f")
    {'a': ['1'], 'b': ['x'], 'c': ['2']}
    """
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader.values
