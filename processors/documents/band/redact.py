"""Taking the old band's text out of a page's content, not just hiding it.

A cover drawn over the band hides it on screen, but the text under the cover would
still be found by search and copy. So every text-showing operator whose starting
point falls within the band's rows is dropped from the page's content stream, and
from the forms it draws. Only the vertical position is tracked (the text matrix
and the transformation matrix), which is exact for horizontal text; glyph widths
are not needed, because the band spans the page's width.

Forms drawn by the page are changed in place: a form that another page also draws
at a different height would lose the same text there too; flyers are one page.
"""

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ContentStream,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    StreamObject,
)

logger = logging.getLogger(__name__)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 8
_SHOW_OPERATORS = frozenset({b"Tj", b"TJ", b"'", b'"'})

Operation = tuple[Any, bytes]


@dataclass(frozen=True)
class Rows:
    """A horizontal strip of the page in user space: bottom <= y <= top."""

    bottom: float
    top: float

    def __contains__(self, y: float) -> bool:
        return self.bottom <= y <= self.top


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """The matrix applying `first`, then `second` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return (
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + m,
    )


def translation(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


@dataclass
class _State:
    """The part of the graphics and text state that decides where text starts."""

    ctm: Matrix
    leading: float = 0.0
    rise: float = 0.0
    line: Matrix = IDENTITY
    saved: list[tuple[Matrix, float, float]] = field(default_factory=list)

    def origin_y(self) -> float:
        _, _, _, _, _, y = multiply(
            multiply((1, 0, 0, 1, 0, self.rise), self.line), self.ctm
        )
        return y

    def next_line(self, x: float, y: float) -> None:
        self.line = multiply(translation(x, y), self.line)


def remove_text_in_rows(writer: PdfWriter, page: PageObject, rows: Rows) -> int:
    """Drop the text shown within `rows` from the page; returns how many shows."""
    redactor = _Redactor(writer, rows)
    contents = page.get_contents()
    if contents is None:
        return 0
    resources = _resolved(page.get("/Resources"))
    kept = redactor.filter(contents.operations, IDENTITY, resources, depth=0)
    if redactor.removed:
        contents.operations = kept
        page.replace_contents(contents)
    logger.debug("Removed %d text show(s) from the band's rows", redactor.removed)
    return redactor.removed


class _Redactor:
    def __init__(self, writer: PdfWriter, rows: Rows) -> None:
        self.writer = writer
        self.rows = rows
        self.removed = 0
        self._seen_forms: set[int] = set()
        self._handlers: dict[bytes, Callable[[_State, list[Any]], None]] = {
            b"q": _save,
            b"Q": _restore,
            b"cm": _concat,
            b"BT": _begin_text,
            b"Tm": _set_text_matrix,
            b"Td": _move,
            b"TD": _move_setting_leading,
            b"T*": _next_line,
            b"TL": _set_leading,
            b"Ts": _set_rise,
        }

    def filter(
        self,
        operations: list[Operation],
        ctm: Matrix,
        resources: DictionaryObject,
        *,
        depth: int,
    ) -> list[Operation]:
        state = _State(ctm=ctm)
        kept: list[Operation] = []
        for operands, operator in operations:
            if operator in _SHOW_OPERATORS:
                kept.extend(self._show(state, operands, operator))
                continue
            handler = self._handlers.get(operator)
            if handler is not None:
                handler(state, operands)
            elif operator == b"Do" and depth < MAX_FORM_DEPTH:
                self._form(operands[0], state.ctm, resources, depth=depth + 1)
            kept.append((operands, operator))
        return kept

    def _show(
        self, state: _State, operands: list[Any], operator: bytes
    ) -> list[Operation]:
        if operator in (b"'", b'"'):
            _next_line(state, [])
        if state.origin_y() not in self.rows:
            return [(operands, operator)]
        self.removed += 1
        # The line move that ' and " make must survive the text they drop.
        if operator == b"'":
            return [([], b"T*")]
        if operator == b'"':
            return [([operands[0]], b"Tw"), ([operands[1]], b"Tc"), ([], b"T*")]
        return []

    def _form(
        self, name: Any, ctm: Matrix, resources: DictionaryObject, *, depth: int
    ) -> None:
        xobjects = _resolved(resources.get("/XObject"))
        reference = xobjects.raw_get(name) if name in xobjects else None
        form = reference.get_object() if reference is not None else None
        if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form":
            return
        if id(form) in self._seen_forms:
            return
        self._seen_forms.add(id(form))
        matrix = _matrix(form.get("/Matrix", list(IDENTITY)))
        inner = _resolved(form.get("/Resources")) or resources
        before = self.removed
        content = ContentStream(form, self.writer)
        kept = self.filter(
            content.operations, multiply(matrix, ctm), inner, depth=depth
        )
        if self.removed != before:
            content.operations = kept
            _rewrite(form, content.get_data())


def _save(state: _State, operands: list[Any]) -> None:
    state.saved.append((state.ctm, state.leading, state.rise))


def _restore(state: _State, operands: list[Any]) -> None:
    if state.saved:
        state.ctm, state.leading, state.rise = state.saved.pop()


def _concat(state: _State, operands: list[Any]) -> None:
    state.ctm = multiply(_matrix(operands), state.ctm)


def _begin_text(state: _State, operands: list[Any]) -> None:
    state.line = IDENTITY


def _set_text_matrix(state: _State, operands: list[Any]) -> None:
    state.line = _matrix(operands)


def _move(state: _State, operands: list[Any]) -> None:
    state.next_line(float(operands[0]), float(operands[1]))


def _move_setting_leading(state: _State, operands: list[Any]) -> None:
    state.leading = -float(operands[1])
    _move(state, operands)


def _next_line(state: _State, operands: list[Any]) -> None:
    state.next_line(0.0, -state.leading)


def _set_leading(state: _State, operands: list[Any]) -> None:
    state.leading = float(operands[0])


def _set_rise(state: _State, operands: list[Any]) -> None:
    state.rise = float(operands[0])


def _matrix(values: Any) -> Matrix:
    a, b, c, d, e, f = (float(value) for value in values)
    return (a, b, c, d, e, f)


def _resolved(value: Any) -> DictionaryObject:
    resolved = value.get_object() if value is not None else None
    return resolved if isinstance(resolved, DictionaryObject) else DictionaryObject()


def _rewrite(form: StreamObject, data: bytes) -> None:
    # pypdf re-encodes only plain Flate streams (reportlab writes ASCII85 + Flate),
    # so the new content is stored Flate-encoded whatever the old filters were.
    form[NameObject("/Filter")] = NameObject("/FlateDecode")
    form.pop("/DecodeParms", None)
    StreamObject.set_data(form, zlib.compress(data))
    if isinstance(form, EncodedStreamObject):
        form.decoded_self = None
