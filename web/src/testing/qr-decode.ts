import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';

/**
 * Reads a QR code the way a phone would: the page's `<svg>` is rasterised by the browser itself (drawn on a canvas
 * at `pixels`×`pixels`) and the pixels are decoded by jsQR, an implementation independent of the encoder.
 * Returns the text, or null when the image does not scan.
 */
export async function decodeQrSvg(svg: Locator, pixels = 240): Promise<string | null> {
  const rgba = await svg.evaluate(async (element, size) => {
    const markup = new XMLSerializer().serializeToString(element);
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, size, size);
    return Array.from(context.getImageData(0, 0, size, size).data);
  }, pixels);
  return jsQR(Uint8ClampedArray.from(rgba), pixels, pixels)?.data ?? null;
}
