import QRCode from 'qrcode';

/** A QR code as SVG geometry: one path of dark squares on a `size`×`size` canvas that includes the quiet zone. */
export interface QrGeometry {
  /** The text the code holds. */
  readonly text: string;
  /** Width and height of the view box, in modules, quiet zone included. */
  readonly size: number;
  /** SVG path data of the dark modules (runs of a row merged into one rectangle). */
  readonly path: string;
}

/** The four-module margin ISO/IEC 18004 requires around the symbol, so scanners find it on any background. */
const QUIET_ZONE = 4;

/**
 * Encodes `text` (a URL) as a QR code with error correction level M (15 % of the symbol may be lost: a scratched
 * or dirty sticker still scans). `qrcode` does the encoding; the geometry is drawn here so pages render it with
 * plain Svelte markup (`<path d={…}>`) and never need `{@html}`.
 */
export function qrCode(text: string): QrGeometry {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      const run = col - start;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return { text, size: modules.size + 2 * QUIET_ZONE, path: parts.join('') };
}

/** A stand-alone SVG document of the code (for download), black on white, `pixels` wide. */
export function qrSvgDocument(code: QrGeometry, pixels = 512): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 ${code.size} ${code.size}" shape-rendering="crispEdges">` +
    `<rect width="${code.size}" height="${code.size}" fill="#fff"/><path fill="#000" d="${code.path}"/></svg>\n`
  );
}
