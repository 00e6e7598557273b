"""What the SBJ band says and how it looks, read from `SBJ_BAND_*` variables."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

NOTO_FOLDER = Path("/usr/share/fonts/opentype/noto")


class BandConfig(BaseSettings):
    """The company shown on SBJ's band, and the band's fonts, logo and colours."""

    model_config = SettingsConfigDict(env_prefix="SBJ_BAND_", frozen=True)

    company_name: str = Field(
        default="株式会社SBJ",
        description="SBJ_BAND_COMPANY_NAME: company name, the band's largest text. "
        "Default `株式会社SBJ`.",
    )
    license_text: str = Field(
        default="宅地建物取引業者免許 東京都知事(2)第101234号",
        description="SBJ_BAND_LICENSE_TEXT: the real-estate licence line. Default "
        "`宅地建物取引業者免許 東京都知事(2)第101234号`.",
    )
    association_text: str = Field(
        default="(公社)全日本不動産協会会員",
        description="SBJ_BAND_ASSOCIATION_TEXT: trade association line; empty to "
        "leave it out. Default `(公社)全日本不動産協会会員`.",
    )
    address: str = Field(
        default="〒105-0001 東京都港区虎ノ門一丁目2番3号 虎ノ門SBJビル5階",
        description="SBJ_BAND_ADDRESS: postal address. Default `〒105-0001 "
        "東京都港区虎ノ門一丁目2番3号 虎ノ門SBJビル5階`.",
    )
    phone: str = Field(
        default="03-6811-2480",
        description="SBJ_BAND_PHONE: telephone number, printed after `TEL`. "
        "Default `03-6811-2480`.",
    )
    fax: str = Field(
        default="03-6811-2481",
        description="SBJ_BAND_FAX: fax number, printed after `FAX`; empty to leave "
        "it out. Default `03-6811-2481`.",
    )
    logo_path: Path | None = Field(
        default=None,
        description="SBJ_BAND_LOGO_PATH: PNG or JPEG logo drawn at the band's left, "
        "scaled to its height. Default unset (no logo).",
    )
    accent_color: str = Field(
        default="#0b3d6e",
        pattern=r"^#[0-9a-fA-F]{6}$",
        description="SBJ_BAND_ACCENT_COLOR: colour of the band's frame and company "
        "name, as #rrggbb. Default `#0b3d6e`.",
    )
    font_path: Path = Field(
        default=NOTO_FOLDER / "NotoSansCJK-Regular.ttc",
        description="SBJ_BAND_FONT_PATH: regular font (OpenType, TrueType or a "
        "collection). Default the Debian fonts-noto-cjk `NotoSansCJK-Regular.ttc`.",
    )
    bold_font_path: Path = Field(
        default=NOTO_FOLDER / "NotoSansCJK-Bold.ttc",
        description="SBJ_BAND_BOLD_FONT_PATH: bold font for the company name. "
        "Default the Debian fonts-noto-cjk `NotoSansCJK-Bold.ttc`.",
    )
    font_face: str = Field(
        default="Noto Sans CJK JP",
        description="SBJ_BAND_FONT_FACE: family picked from a font collection; "
        "ignored for single-font files. Default `Noto Sans CJK JP`.",
    )
