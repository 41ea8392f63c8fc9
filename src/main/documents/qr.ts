// The QR code of a document, drawn as vector rectangles in a form XObject of its own (one unit = one
// module, dark runs of a row merged into one rectangle), so it prints sharp at any size. Verification
// reads the rectangles back, rebuilds the picture and decodes it with a QR reader — it checks what
// is printed, not a copy of the payload kept beside it.
import jsQR from 'jsqr';
import QRCode from 'qrcode';

export interface QrMatrix {
  size: number;
  /** Row-major, top row first; true = dark. */
  dark: (row: number, column: number) => boolean;
}

/** Error correction M (15 %): a printed, stamped or folded document still reads. */
export function qrMatrix(payload: string): QrMatrix {
  const code = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  return { size, dark: (row, column) => data[row * size + column] === 1 };
}

/** PDF operators for a form XObject with BBox [0 0 size size]: dark runs as rectangles, filled black. */
export function qrOperators(matrix: QrMatrix): string {
  const lines = ['0 g'];
  for (let row = 0; row < matrix.size; row += 1) {
    const y = matrix.size - row - 1;
    let column = 0;
    while (column < matrix.size) {
      if (!matrix.dark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < matrix.size && matrix.dark(row, column)) column += 1;
      lines.push(`${start} ${y} ${column - start} 1 re`);
    }
  }
  lines.push('f');
  return `${lines.join('\n')}\n`;
}

const QUIET_ZONE = 4;
const PIXELS_PER_MODULE = 4;

/** Reads the rectangles of a QR form XObject back into a picture and decodes it; null if it does not read. */
export function decodeQrOperators(operators: string, size: number): string | null {
  if (!Number.isInteger(size) || size < 21 || size > 177) return null;
  const side = (size + 2 * QUIET_ZONE) * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const rectangle = /(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) re/g;
  let match: RegExpExecArray | null;
  while ((match = rectangle.exec(operators)) !== null) {
    const [x, y, width, height] = match.slice(1, 5).map(Number) as [number, number, number, number];
    for (let row = size - y - height; row < size - y; row += 1) {
      for (let column = x; column < x + width; column += 1) {
        if (row < 0 || row >= size || column < 0 || column >= size) continue;
        for (let dy = 0; dy < PIXELS_PER_MODULE; dy += 1) {
          const py = (row + QUIET_ZONE) * PIXELS_PER_MODULE + dy;
          for (let dx = 0; dx < PIXELS_PER_MODULE; dx += 1) {
            const offset = (py * side + (column + QUIET_ZONE) * PIXELS_PER_MODULE + dx) * 4;
            pixels[offset] = 0;
            pixels[offset + 1] = 0;
            pixels[offset + 2] = 0;
          }
        }
      }
    }
  }
  return jsQR(pixels, side, side, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
