"""Doubtful lines are read again on one strip and keep the more confident reading."""

from PIL import Image

from processors.documents.reread import is_tangled, reread_doubtful
from processors.documents.words import OcrLine, OcrWord


def _line(text: str, top: int, confidence: float) -> OcrLine:
    return OcrLine(
        (OcrWord(text, 100, top, 40 * len(text), 40, confidence, 1, 1, top),)
    )


def test_only_doubtful_lines_are_read_again_and_mapped_back() -> None:
    """The second reading lands on the page where the doubtful line was."""
    page = Image.new("L", (1000, 800), 255)
    sure, doubtful = _line("所在地", 100, 0.95), _line("痢花了", 500, 0.2)
    strips: list[Image.Image] = []

    def recognise(strip: Image.Image) -> list[OcrWord]:
        strips.append(strip)
        # The strip holds only the doubtful line, padded, below a blank gap.
        return [OcrWord("藤井花子", 100, 56, 160, 40, 0.9, 1, 1, 1)]

    lines = reread_doubtful(page, [sure, doubtful], recognise, below=0.7)

    assert len(strips) == 1
    assert strips[0].height < 200
    assert [(line.words[0].text, line.top) for line in lines] == [
        ("所在地", 100),
        ("藤井花子", 500),
    ]


def test_a_less_confident_second_reading_is_ignored() -> None:
    page = Image.new("L", (1000, 800), 255)
    doubtful = _line("藤井花子", 500, 0.6)

    lines = reread_doubtful(
        page,
        [doubtful],
        lambda strip: [OcrWord("痢花了", 100, 56, 120, 40, 0.3)],
        below=0.7,
    )

    assert [word.text for line in lines for word in line.words] == ["藤井花子"]


def test_nothing_is_read_again_when_every_line_is_sure() -> None:
    page = Image.new("L", (100, 100), 255)
    calls: list[Image.Image] = []

    def recognise(strip: Image.Image) -> list[OcrWord]:
        calls.append(strip)
        return []

    lines = reread_doubtful(page, [_line("価格", 10, 0.9)], recognise, below=0.7)

    assert calls == []
    assert [line.words[0].text for line in lines] == ["価格"]


def _run(
    texts: list[str], left: int, top: int, line: int, confidence: float
) -> list[OcrWord]:
    return [
        OcrWord(text, left + 45 * index, top, 40, 40, confidence, 3, 1, line)
        for index, text in enumerate(texts)
    ]


def test_a_row_read_twice_over_is_tangled() -> None:
    """Two of Tesseract's lines running across the same stretch are a tangle."""
    tangled = OcrLine(
        tuple(
            _run(["東京", "都", "目黒"], 900, 1300, 7, 0.8)
            + _run(["京都", "目", "区"], 920, 1310, 8, 0.7)
        )
    )
    side_by_side = OcrLine(
        tuple(
            _run(["価格"], 100, 1300, 1, 0.9) + _run(["所在", "地"], 900, 1300, 2, 0.9)
        )
    )

    assert is_tangled(tangled)
    assert not is_tangled(side_by_side)


def test_a_tangled_row_is_read_again_run_by_run() -> None:
    """Each run between wide gaps gets its own cut-out, so the strip has one per run."""
    page = Image.new("L", (2400, 1600), 255)
    words = _run(["2", "500万円"], 160, 1300, 7, 0.9) + _run(
        ["2500"], 180, 1310, 8, 0.3
    )
    words += _run(["東京", "都"], 900, 1300, 8, 0.9) + _run(["京都"], 905, 1308, 7, 0.4)
    strips: list[Image.Image] = []

    def recognise(strip: Image.Image) -> list[OcrWord]:
        strips.append(strip)
        return []

    reread_doubtful(page, [OcrLine(tuple(words))], recognise, below=0.1)

    assert len(strips) == 1
    assert strips[0].height > 2 * 40 * 2
