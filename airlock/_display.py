"""Documents a notebook shows as HTML: a model card (self-contained, no network assets)."""

from __future__ import annotations

from typing import Any


class Document(dict[str, Any]):
    """A document the engine returns as JSON (a model card, say): a dict, shown in a
    notebook as the same self-contained HTML the desktop app and `airlock card` export."""

    def __init__(self, body: dict[str, Any], kind: str) -> None:
        super().__init__(body)
        self.kind = kind

    def _repr_html_(self) -> str:
        if self.kind == "card":
            import html as escape

            from engine.governance.cards import html

            # the card is a whole page with its own styles: in a frame of its own, so they
            # do not restyle the notebook (srcdoc: nothing is fetched)
            page = escape.escape(html(dict(self)), quote=True)
            return (
                f'<iframe srcdoc="{page}" title="Model card {escape.escape(str(self.get("ref")))}"'
                ' style="width:100%;height:640px;border:1px solid #c8c8c8"></iframe>'
            )
        from engine.htmlrepr import table_page

        return table_page(self.kind, [(str(k), v) for k, v in self.items()])
