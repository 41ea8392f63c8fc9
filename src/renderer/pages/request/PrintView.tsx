// What is printed: only the pages of the stored signed PDF, as images the main process rendered from
// that very file (150 dpi), at their real size. Rendered at the end of the document; the print
// stylesheet hides everything else while it is there, and the screen never shows it.
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { DocumentPreview } from '../../../shared/documents';

const PRINT_DPI = 150;
const MM_PER_INCH = 25.4;

export function PrintView({ images, label, alt, onReady }: { images: DocumentPreview['images']; label: string; alt(n: number): string; onReady(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  });

  // Printed only once every page is decoded: a page still loading would print blank.
  useEffect(() => {
    let live = true;
    const pictures = [...(ref.current?.querySelectorAll('img') ?? [])];
    void Promise.all(pictures.map((picture) => picture.decode().catch(() => undefined))).then(() => {
      if (live) ready.current();
    });
    return () => {
      live = false;
    };
  }, [images]);

  return createPortal(
    <div ref={ref} className="print-view" aria-label={label} aria-hidden="true">
      {images.map((image, index) => (
        <img
          key={index}
          className="print-page"
          src={`data:${image.mime};base64,${image.data}`}
          alt={alt(index + 1)}
          width={image.width}
          height={image.height}
          style={{ width: `${((image.width / PRINT_DPI) * MM_PER_INCH).toFixed(1)}mm`, height: 'auto' }}
        />
      ))}
    </div>,
    document.body,
  );
}
