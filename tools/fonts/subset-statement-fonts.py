#!/usr/bin/env python3
"""Makes the CJK fonts that statements ship (functions/Pipeline.Statements/Fonts) from the static Noto Sans
JP, SC and KR fonts of Google Fonts (the npm packages @expo-google-fonts/noto-sans-jp, -sc and -kr 0.4.3, SIL OFL 1.1).

Usage: subset-statement-fonts.py DIR_WITH_UNPACKED_PACKAGES OUTPUT_DIR   (needs fonttools: apt-get install python3-fonttools)

What each font covers, and why (a full CJK font is 5-11 MB a weight; these are 0.4-2.6 MB):
- Noto Sans JP: JIS X 0208 (kana, the 6,355 kanji of levels 1 and 2, its symbols and Latin/Greek/Cyrillic),
  CJK punctuation, kana extensions, half- and full-width forms, and the 5,401 common hanzi of Big5 level 1
  that the font has (traditional Chinese names in Japanese glyph forms).
- Noto Sans SC: the GB 2312 hanzi that the Japanese subset lacks (simplified Chinese).
- Noto Sans KR: the 2,350 Hangul syllables of KS X 1001 and the compatibility jamo.
Statements are drawn without OpenType layout, so layout and vertical-metric tables are dropped; so are hints.
"""
import os
import sys
from fontTools import subset
from fontTools.ttLib import TTFont


def double_byte(codec, leads, trails):
    chars = set()
    for a in leads:
        for b in trails:
            try:
                text = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    return chars


def han(chars):
    return {c for c in chars if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF}


def make(source, chars, output):
    font = TTFont(source)
    chars = sorted(set(chars) & set(font.getBestCmap()))
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ['vhea', 'vmtx', 'BASE', 'STAT', 'GDEF', 'GPOS', 'GSUB', 'gasp']
    options.hinting = False
    options.name_IDs = ['*']
    options.name_languages = ['*']
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    font.save(output)
    print(output, len(chars), 'characters', os.path.getsize(output), 'bytes')
    return set(chars)


def main(packages, output):
    jis = double_byte('euc_jp', range(0xA1, 0xFF), range(0xA1, 0xFF))
    gb2312 = double_byte('gb2312', range(0xA1, 0xF8), range(0xA1, 0xFF))
    ksx1001 = double_byte('euc_kr', range(0xA1, 0xFF), range(0xA1, 0xFF))
    big5_level1 = double_byte('big5', range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)))
    common = set(range(0x3000, 0x3100)) | set(range(0x31F0, 0x3200)) | set(range(0xFF01, 0xFFF0))
    hangul = {c for c in ksx1001 if 0xAC00 <= c <= 0xD7A3} | set(range(0x3131, 0x318F))

    def source(family, weight):
        return os.path.join(packages, f'expo-google-fonts-noto-sans-{family}-0.4.3', 'package', weight,
                            f'NotoSans{family.upper()}_{weight}.ttf')

    for weight, name in [('400Regular', 'Regular'), ('700Bold', 'Bold')]:
        japanese = make(source('jp', weight), jis | common | han(big5_level1), os.path.join(output, f'NotoSansJP-{name}.ttf'))
        make(source('sc', weight), han(gb2312) - japanese, os.path.join(output, f'NotoSansSC-{name}.ttf'))
        make(source('kr', weight), hangul, os.path.join(output, f'NotoSansKR-{name}.ttf'))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
