import { DEJAVU_SANS_BOLD_EM, DEJAVU_SANS_REGULAR_EM } from './fonts/glyph-widths.js';

/** The part of a vega text item that decides its width. */
interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
}

/** Width in em of a character missing from the table (an average DejaVu Sans glyph). */
const FALLBACK_EM = 0.62;

/**
 * Width in pixels of a text in DejaVu Sans (the font resvg draws with), from the fonts' own
 * advance widths: deterministic and close to the real rendering, unlike vega's headless estimate
 * (0.8 em per character), which makes labels truncate early and panels spread apart.
 */
export function dejaVuTextWidth(text: string, fontSize: number, bold: boolean): number {
  const table = bold ? DEJAVU_SANS_BOLD_EM : DEJAVU_SANS_REGULAR_EM;
  let em = 0;
  for (const character of text) em += table[character] ?? FALLBACK_EM;
  return em * fontSize;
}

/** A vega `textMetrics.width` replacement measuring with dejaVuTextWidth. */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const fontSize = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const line = text == null ? '' : String(text).trim();
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  return dejaVuTextWidth(line, fontSize, bold);
}
