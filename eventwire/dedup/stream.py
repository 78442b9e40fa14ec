"""Ingest with wire copies taken out before parsing and put back in order.

`with_copies(raws, dedup, process, clean, parse_one)` yields the same documents in the same order as
`process(raws)`, except that a raw article recognised as a copy of an earlier one (`Dedup.is_copy`)
never reaches `process` (the parser, in this process or in worker processes): when its turn comes,
it takes its original's events (`Dedup.take_copy`). Its original comes earlier in the input or is
stored already, so by then it is in the store.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..ingest import RawDoc
from ..models import Document
from .index import Dedup


def with_copies(
    raws: Iterable[RawDoc],
    dedup: Dedup,
    process: Callable[[Iterable[RawDoc]], Iterator[Document]],
    clean: Callable[[RawDoc], Document],
    parse_one: Callable[[RawDoc], Document],
) -> Iterator[Document]:
    """Yield the coded document of every raw article, in input order; copies are not parsed."""
    order: deque[str | tuple[RawDoc, Document]] = deque()  # doc_id of a parsed one, or (raw, cleaned copy)

    def to_parse() -> Iterator[RawDoc]:
        for raw in raws:
            copy = dedup.is_copy(raw, clean)
            if copy is None:
                order.append(raw.doc_id)
                yield raw
            else:
                order.append((raw, copy))

    def copies_before_next() -> Iterator[Document]:
        while order and not isinstance(order[0], str):
            raw, copy = order.popleft()  # type: ignore[misc]
            taken = dedup.take_copy(copy)
            yield taken if taken is not None else parse_one(raw)

    for doc in process(to_parse()):
        yield from copies_before_next()
        order.popleft()  # this document's place
        yield doc
    yield from copies_before_next()
