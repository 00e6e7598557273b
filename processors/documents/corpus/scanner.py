"""Damage clean page images as a scanner would, and write them as image-only PDFs."""

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

SCAN_DPI = 300
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class ScanSettings:
    """How one document is damaged: the same settings apply to all its pages."""

    angle_deg: float
    blur_radius: float
    noise_sigma: float
    jpeg_quality: int
    grayscale: bool

    @classmethod
    def random(cls, rng: random.Random) -> "ScanSettings":
        """Rotation under 1°, slight blur, gaussian noise, JPEG quality 60 to 85."""
        return cls(
            angle_deg=rng.uniform(-0.95, 0.95),
            blur_radius=rng.uniform(0.3, 0.9),
            noise_sigma=rng.uniform(3.0, 9.0),
            jpeg_quality=rng.randint(60, 85),
            grayscale=rng.random() < 0.5,
        )


def scan(page: Image.Image, settings: ScanSettings, seed: int) -> Image.Image:
    """The page as it comes out of the scanner, before JPEG compression."""
    image = page.convert("L" if settings.grayscale else "RGB")
    fill = 255 if settings.grayscale else (255, 255, 255)
    image = image.rotate(
        settings.angle_deg, resample=Image.Resampling.BICUBIC, fillcolor=fill
    )
    image = image.filter(ImageFilter.GaussianBlur(settings.blur_radius))
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0.0, settings.noise_sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    """The image encoded as a JPEG at the given quality."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(SCAN_DPI, SCAN_DPI))
    return buffer.getvalue()


def image_pdf(jpegs: list[bytes]) -> bytes:
    """A PDF with one full-page JPEG per page and no text layer."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for data in jpegs:
        reader = ImageReader(io.BytesIO(data))
        width_px, height_px = reader.getSize()
        width_pt = width_px * POINTS_PER_INCH / SCAN_DPI
        height_pt = height_px * POINTS_PER_INCH / SCAN_DPI
        canvas.setPageSize((width_pt, height_pt))
        canvas.drawImage(reader, 0, 0, width=width_pt, height=height_pt)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_pdf(pages: list[Image.Image], rng: random.Random) -> bytes:
    """Scan every page with one random setting and bind them into a PDF."""
    settings = ScanSettings.random(rng)
    jpegs = [
        jpeg_bytes(scan(page, settings, rng.randrange(2**32)), settings.jpeg_quality)
        for page in pages
    ]
    return image_pdf(jpegs)
