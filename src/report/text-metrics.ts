/** Text widths without a canvas: Arial/Liberation Sans advance widths, so chart layout fits the font the page uses. */

/**
 * Advance widths of ASCII 32..126 in 1/1000 em, from the Helvetica AFM (Arial and Liberation Sans
 * share these metrics). Without them vega guesses 0.8 em per character, which leaves wide gaps
 * beside axes and truncates labels half as long as the space allows.
 */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

/** The same range from the Helvetica-Bold AFM (Arial Bold / Liberation Sans Bold). */
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/** Common non-ASCII glyphs in titles and labels (1/1000 em). */
const EXTRA: Record<string, number> = {
  '\u2014': 1000, // em dash
  '\u2013': 556, // en dash
  '\u2026': 1000, // ellipsis
  '\u2192': 1000, // rightwards arrow (from a fallback font; generous)
  '\u00b1': 584, // plus-minus
  '\u00b7': 278, // middle dot
  '\u00d7': 584, // multiplication sign
  '\u2018': 222,
  '\u2019': 222,
  '\u201c': 333,
  '\u201d': 333,
  '\u00a0': 278,
};

/** Wide (east Asian, emoji) code points take a full em; this errs wide, which only costs a little space. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Width in px of `text` set in Arial-metric sans at `fontSize` px; `bold` for weights >= 600. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 32;
    if (cp >= 32 && cp <= 126) units += table[cp - 32];
    else if (EXTRA[ch] !== undefined) units += EXTRA[ch];
    else if ((cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    else if (isWide(cp)) units += 1000;
    else units += bold ? 640 : 600;
  }
  return (units * fontSize) / 1000;
}

/** Whether a vega font weight (number or keyword) renders bold. */
export function isBoldWeight(weight: unknown): boolean {
  if (typeof weight === 'number') return weight >= 600;
  if (typeof weight === 'string') return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  return false;
}

/** Cuts `text` to fit `maxWidth` px, ending in an ellipsis, the way vega's `limit` does. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  const room = maxWidth - textWidth('\u2026', fontSize, bold);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (textWidth(chars.slice(0, mid).join(''), fontSize, bold) <= room) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + '\u2026';
}
