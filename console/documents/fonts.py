"""Which installed font stands for each 公文 typeface in an exported PDF.

The DOCX names the faces of GB/T 9704 — 方正小标宋简体 for titles, 仿宋 (仿宋_GB2312) for the
body, 黑体 for first-level headings, 楷体 (楷体_GB2312) for the signer's name — and Word on the
reader's machine finds them. A PDF must embed what it uses, so each face is looked up among the
installed fonts (fontconfig's ``fc-list``, and the usual Windows and macOS files): the real face
when it is installed, otherwise a free stand-in of the same kind —

============  =======================================  =====================================
公文字体      the real faces looked for                 free stand-ins, in order
============  =======================================  =====================================
小标宋        方正小标宋简体/_GBK, 华文中宋              Noto Serif CJK SC Bold, AR PL UMing
仿宋          仿宋_GB2312, 仿宋 (FangSong), 华文仿宋     Noto Serif CJK SC, AR PL UMing
黑体          黑体 (SimHei), 华文黑体                    WenQuanYi Micro Hei, Noto Sans CJK SC
楷体          楷体_GB2312, 楷体 (KaiTi), 华文楷体        AR PL UKai, Noto Serif CJK SC
============  =======================================  =====================================

and, when none of these is installed, any CJK font found (WenQuanYi Zen Hei, Droid Sans
Fallback …). reportlab embeds TrueType outlines only; Noto CJK ships CFF (PostScript)
outlines, so the glyphs a document uses are converted to TrueType with fontTools (a matplotlib
dependency) and embedded as a subset. :func:`substitution_text` names the choice; the PDF
carries it in its keywords (document properties).

Qt-free: fontconfig is asked through its command line.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROLES = ("title", "body", "heading", "kai")
WANTED = {"title": "方正小标宋简体", "body": "仿宋", "heading": "黑体", "kai": "楷体"}
"""The face the DOCX asks for, by role."""
SHORT = {"title": "小标宋", "body": "仿宋", "heading": "黑体", "kai": "楷体"}
REAL: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "华文中宋",
              "STZhongsong"),
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"),
    "heading": ("黑体", "SimHei", "华文黑体", "STHeiti"),
    "kai": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti"),
}
# (family, preferred style) — free faces of the same kind
FREE: dict[str, tuple[tuple[str, str], ...]] = {
    "title": (("Noto Serif CJK SC", "Bold"), ("Source Han Serif SC", "Bold"), ("Source Han Serif CN", "Bold"),
              ("AR PL UMing CN", "Light"), ("AR PL SungtiL GB", "Regular")),
    "body": (("Noto Serif CJK SC", "Regular"), ("Source Han Serif SC", "Regular"),
             ("Source Han Serif CN", "Regular"), ("AR PL UMing CN", "Light"), ("AR PL SungtiL GB", "Regular")),
    "heading": (("WenQuanYi Micro Hei", "Regular"), ("Noto Sans CJK SC", "Regular"),
                ("Source Han Sans SC", "Regular"), ("WenQuanYi Zen Hei", "Regular")),
    "kai": (("AR PL UKai CN", "Book"), ("AR PL KaitiM GB", "Regular"), ("Noto Serif CJK SC", "Regular"),
            ("Source Han Serif SC", "Regular")),
}
# Any CJK font, when none of the above is installed (the earlier single-font choice).
ANY_CJK = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "AR PL UMing"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, "Droid Sans Fallback"),
    ("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf", 0, "Noto Sans SC"),
    ("C:/Windows/Fonts/simsun.ttc", 0, "SimSun"),
    ("C:/Windows/Fonts/msyh.ttc", 0, "Microsoft YaHei"),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0, "STHeiti"),
)
# Where Windows and macOS keep the real faces (no fontconfig there).
KNOWN_FILES = (
    ("C:/Windows/Fonts/simfang.ttf", 0, "仿宋"), ("C:/Windows/Fonts/simhei.ttf", 0, "黑体"),
    ("C:/Windows/Fonts/simkai.ttf", 0, "楷体"), ("C:/Windows/Fonts/FZXBSJW.TTF", 0, "方正小标宋简体"),
    ("C:/Windows/Fonts/STZHONGS.TTF", 0, "华文中宋"), ("C:/Windows/Fonts/STFANGSO.TTF", 0, "华文仿宋"),
    ("C:/Windows/Fonts/STKAITI.TTF", 0, "华文楷体"),
    ("/Library/Fonts/Songti.ttc", 0, "STZhongsong"),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0, "STZhongsong"),
)


@dataclass(frozen=True)
class Installed:
    """One installed font face: its file (and index in a collection), names, style, outlines."""

    path: str
    index: int
    families: tuple[str, ...]
    style: str
    outlines: str  # TrueType | CFF


@dataclass(frozen=True)
class FontFace:
    """The face used for one role of a document."""

    role: str  # title | body | heading | kai
    wanted: str  # what the DOCX asks for
    family: str  # what the PDF uses
    path: str  # "" for reportlab's built-in CID font
    index: int
    outlines: str  # TrueType | CFF | builtin
    real: bool  # the requested face itself, not a stand-in

    @property
    def embedded(self) -> bool:
        return self.outlines != "builtin"

    def describe(self) -> str:
        if self.real:
            return f"{SHORT[self.role]}：{self.family}"
        return f"{SHORT[self.role]}→{self.family}（替代）"


def _fc_list() -> list[Installed]:
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "-f", "%{file}|%{index}|%{family}|%{style}|%{fontformat}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) != 5 or not parts[0]:
            continue
        path, index, families, style, fmt = parts
        outlines = "CFF" if fmt.strip() == "CFF" else "TrueType" if fmt.strip() == "TrueType" else fmt.strip()
        found.append(Installed(path, int(index or 0), tuple(f.strip() for f in families.split(",") if f.strip()),
                               style.split(",")[0].strip(), outlines))
    return found


def installed() -> list[Installed]:
    """The CJK faces installed on this machine (fontconfig, then the well-known files)."""
    found = _fc_list()
    seen = {(f.path, f.index) for f in found}
    for path, index, family in KNOWN_FILES + ANY_CJK:
        if (path, index) not in seen and Path(path).is_file():
            found.append(Installed(path, index, (family,), "Regular", "TrueType"))
            seen.add((path, index))
    return [f for f in found if f.outlines in ("TrueType", "CFF")]


def _pick(fonts: list[Installed], family: str, style: str | None) -> Installed | None:
    matches = [f for f in fonts if family in f.families]
    if not matches:
        return None
    if style:
        for f in matches:
            if f.style.lower() == style.lower():
                return f
    return sorted(matches, key=lambda f: (f.style.lower() not in ("regular", "book", "light"), f.index))[0]


def choose(fonts: list[Installed]) -> dict[str, FontFace]:
    """The face for each role among ``fonts``: the real one, a free stand-in, any CJK font, or
    reportlab's built-in STSong-Light (not embedded) when there is none at all."""
    wanted_env = os.environ.get("FDS_PDF_FONT")
    out: dict[str, FontFace] = {}
    for role in ROLES:
        face: FontFace | None = None
        if wanted_env and Path(wanted_env).is_file():
            face = FontFace(role, WANTED[role], Path(wanted_env).stem, wanted_env, 0, "TrueType", False)
        for family in REAL[role] if face is None else ():
            f = _pick(fonts, family, None)
            if f is not None:
                face = FontFace(role, WANTED[role], family, f.path, f.index, f.outlines, True)
                break
        for family, style in FREE[role] if face is None else ():
            f = _pick(fonts, family, style)
            if f is not None:
                face = FontFace(role, WANTED[role], family + ("" if style in ("Regular", "Book", "Light") else
                                                            f" {f.style}"), f.path, f.index, f.outlines, False)
                break
        if face is None:
            any_tt = next((f for f in fonts if f.outlines == "TrueType"), None) or next(iter(fonts), None)
            if any_tt is not None:
                face = FontFace(role, WANTED[role], any_tt.families[0], any_tt.path, any_tt.index,
                                any_tt.outlines, False)
        out[role] = face or FontFace(role, WANTED[role], "STSong-Light", "", 0, "builtin", False)
    return out


@lru_cache(maxsize=1)
def faces() -> dict[str, FontFace]:
    """The faces of this machine (looked up once)."""
    return choose(installed())


def substitution_text(chosen: dict[str, FontFace] | None = None) -> str:
    """「小标宋→Noto Serif CJK SC Bold（替代）；仿宋→…」: what the PDF's keywords say."""
    chosen = chosen or faces()
    return "；".join(chosen[r].describe() for r in ROLES)


# -- embedding in reportlab ---------------------------------------------------------------------
_lock = threading.Lock()
_sources: dict[tuple[str, int], Any] = {}
_glyphs: dict[tuple[str, int], dict[str, Any]] = {}
_cmaps: dict[tuple[str, int], Any] = {}


class _Format12:
    """Character → glyph name from the raw (3, 10) format-12 cmap: a binary search over its
    groups, instead of fontTools building a dict of all 65,000 characters (≈ 0.4 s a face)."""

    def __init__(self, groups: list[tuple[int, int, int]], order: list[str]):
        self.starts = [g[0] for g in groups]
        self.groups = groups
        self.order = order

    def get(self, code: int, default: Any = None) -> Any:
        import bisect

        i = bisect.bisect_right(self.starts, code) - 1
        if i < 0:
            return default
        start, end, gid = self.groups[i]
        if code > end or gid + code - start >= len(self.order):
            return default
        return self.order[gid + code - start]


def char_to_glyph(src: Any) -> Any:
    import struct

    try:
        raw = src.reader["cmap"]
        _, count = struct.unpack(">HH", raw[:4])
        records = [struct.unpack(">HHI", raw[4 + 8 * i:12 + 8 * i]) for i in range(count)]
        offset = next(o for platform, encoding, o in records if (platform, encoding) == (3, 10))
        fmt, _, _, _, ngroups = struct.unpack(">HHIII", raw[offset:offset + 16])
        if fmt != 12:
            raise ValueError(fmt)
        groups = list(struct.iter_unpack(">III", raw[offset + 16:offset + 16 + 12 * ngroups]))
        return _Format12(groups, src.getGlyphOrder())  # type: ignore[arg-type]
    except (KeyError, StopIteration, ValueError, struct.error):
        return src.getBestCmap()


def reportlab_name(face: FontFace, text: str) -> str:
    """Register ``face`` with reportlab for a document whose characters are ``text``; its name."""
    from reportlab.pdfbase import pdfmetrics

    if face.outlines == "builtin":
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    from reportlab.pdfbase.ttfonts import TTFont

    if face.outlines == "TrueType":
        name = "FDS-" + hashlib.sha1(f"{face.path}#{face.index}".encode()).hexdigest()[:10]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, face.path, subfontIndex=face.index))
        return name
    chars = "".join(sorted(set(text) | set(" 0123456789")))
    name = "FDS-" + hashlib.sha1(f"{face.path}#{face.index}#{chars}".encode()).hexdigest()[:12]
    if name not in pdfmetrics.getRegisteredFontNames():
        data = truetype_subset(face.path, face.index, chars)
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def truetype_subset(path: str, index: int, chars: str) -> bytes:
    """A TrueType font holding just ``chars`` of the CFF-outlined face at ``path`` (converted
    with fontTools; glyphs converted once are kept for the next document)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont as FTFont

    key = (path, index)
    with _lock:
        src = _sources.get(key)
        if src is None:
            src = _sources[key] = FTFont(path, fontNumber=index, lazy=True)
            _glyphs[key] = {}
            _cmaps[key] = char_to_glyph(src)
        done = _glyphs[key]
        cmap = _cmaps[key]
        glyph_set = src.getGlyphSet()
        hmtx = src["hmtx"]
        order = [".notdef"]
        mapping: dict[int, str] = {}
        for ch in chars:
            g = cmap.get(ord(ch))
            if g is None:
                continue
            mapping[ord(ch)] = g
            if g not in order:
                order.append(g)
        glyphs = {}
        for g in order:
            if g not in done:
                pen = TTGlyphPen(None)
                glyph_set[g].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
                done[g] = pen.glyph()
            glyphs[g] = done[g]
        head, hhea, os2 = src["head"], src["hhea"], src["OS/2"]
        fb = FontBuilder(head.unitsPerEm, isTTF=True)
        fb.setupGlyphOrder(order)
        fb.setupCharacterMap(mapping)
        fb.setupGlyf(glyphs)
        fb.setupHorizontalMetrics({g: hmtx[g] for g in order})
        fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
        family = str(src["name"].getDebugName(1) or "CJK").replace(" ", "")
        style = str(src["name"].getDebugName(2) or "Regular")
        # reportlab registers one font per PostScript name: each subset gets its own
        tag = hashlib.sha1(chars.encode("utf-8")).hexdigest()[:6].upper()
        fb.setupNameTable({"familyName": family, "styleName": style, "psName": f"{family}-{style}-{tag}"})
        fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                    sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                    fsType=0, usWeightClass=os2.usWeightClass)
        fb.setupPost()
        buf = io.BytesIO()
        fb.save(buf)
    return buf.getvalue()


__all__ = ["FontFace", "Installed", "ROLES", "WANTED", "char_to_glyph", "choose", "faces", "installed",
           "reportlab_name",
           "substitution_text", "truetype_subset"]
