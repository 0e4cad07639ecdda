import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrCode, qrSvgDocument, type QrGeometry } from './qr-code.ts';

/** Paints the path's rectangles into an RGBA image, `scale` pixels per module, the way a renderer would. */
function rasterize(code: QrGeometry, scale = 4): { data: Uint8ClampedArray; width: number } {
  const width = code.size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  const runs = [...code.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  expect(runs.map((m) => m[0]).join('')).toBe(code.path); // nothing but rectangles
  for (const [, x, y, w] of runs) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py += 1) {
      for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px += 1) {
        data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  return { data, width };
}

describe('QR codes of the driver pages', () => {
  it('hold the URL exactly, as an independent decoder reads it', () => {
    for (const url of ['https://csms.example.com/charge/station42/1', 'http://127.0.0.1:8082/charge/Garage_1.~x-y/12']) {
      const code = qrCode(url);
      const image = rasterize(code);
      expect(jsQR(image.data, image.width, image.width)?.data).toBe(url);
    }
  });

  it('keep a four-module quiet zone and grow with the text', () => {
    const short = qrCode('https://a.example/charge/cp/1');
    expect(short.size).toBe(29 + 8); // 29 bytes at level M need version 3: 29 modules, plus the quiet zone
    const firstRun = /M(\d+) (\d+)/.exec(short.path)!;
    expect(Number(firstRun[1])).toBe(4);
    expect(Number(firstRun[2])).toBe(4);
    expect(qrCode(`https://a.example/charge/${'x'.repeat(90)}/1`).size).toBeGreaterThan(short.size);
  });

  it('make a stand-alone SVG document for download', () => {
    const code = qrCode('https://csms.example.com/charge/station42/2');
    const svg = qrSvgDocument(code, 300);
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain(`viewBox="0 0 ${code.size} ${code.size}"`);
    expect(svg).toContain('width="300"');
    expect(svg).toContain(`d="${code.path}"`);
  });
});
