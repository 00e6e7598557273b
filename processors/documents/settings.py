"""Settings of the OCR engine, read from `PROCESSORS_OCR_*` environment variables."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OcrSettings(BaseSettings):
    """How pages are rasterised and how Tesseract is run on them."""

    model_config = SettingsConfigDict(env_prefix="PROCESSORS_OCR_", frozen=True)

    tesseract_cmd: str = Field(
        default="tesseract",
        description="PROCESSORS_OCR_TESSERACT_CMD: the Tesseract executable, a name "
        "looked up on PATH or an absolute path. Default `tesseract`.",
    )
    languages: str = Field(
        default="jpn",
        description="PROCESSORS_OCR_LANGUAGES: Tesseract language models joined by "
        "`+`, e.g. `jpn+eng`. Default `jpn`.",
    )
    dpi: int = Field(
        default=300,
        ge=100,
        le=600,
        description="PROCESSORS_OCR_DPI: resolution at which PDF pages without a text "
        "layer are rasterised for OCR. Default 300.",
    )
    page_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="PROCESSORS_OCR_PAGE_TIMEOUT_S: seconds Tesseract may spend on one "
        "page before the job fails with a retryable error. Default 120.",
    )
    page_segmentation_mode: int = Field(
        default=4,
        ge=0,
        le=13,
        description="PROCESSORS_OCR_PAGE_SEGMENTATION_MODE: Tesseract's --psm; 4 reads "
        "the page as one column of lines of varying size (label and value stay on "
        "one line), 3 looks for blocks and columns itself. Default 4.",
    )
    preprocess: str = Field(
        default="remove_rules,binarize",
        description="PROCESSORS_OCR_PREPROCESS: comma-separated clean-up steps applied "
        "to page images before OCR, out of deskew, remove_rules, binarize, denoise "
        "(applied in that order); empty for none. Default "
        "`remove_rules,binarize`.",
    )
    reread_below: float = Field(
        default=0.7,
        ge=0,
        le=1,
        description="PROCESSORS_OCR_REREAD_BELOW: lines whose mean word confidence is "
        "below this are cut out and read again on their own, keeping the more "
        "confident reading; 0 turns the second reading off. Default 0.7.",
    )
    max_workers: int = Field(
        default=0,
        ge=0,
        description="PROCESSORS_OCR_MAX_WORKERS: pages of one document recognised at "
        "once, each by its own single-threaded Tesseract; 0 means one per CPU. "
        "Default 0.",
    )

    @property
    def preprocess_steps(self) -> tuple[str, ...]:
        """The clean-up steps named in `preprocess`."""
        return tuple(
            step.strip() for step in self.preprocess.split(",") if step.strip()
        )
