// An attachment's page list while the employee arranges it (thumbnail strip): scanned or imported
// pages, reordered, turned, deleted or rescanned one by one, then assembled into one PDF
// (assemble.ts). Every operation returns a new list and leaves the old one as it was, so the UI can
// offer undo by keeping the previous list.
import { newId } from '../ids';
import type { PageImage } from '../scanning/page-image';

export type Rotation = 0 | 90 | 180 | 270;

export type PageSource =
  /** A scanned page or an imported image (JPEG for colour/grey, 1-bit PNG for lineart). */
  | { kind: 'image'; image: PageImage }
  /** A page of an imported PDF, copied as it is (text, vectors and all). `document` is shared by its pages. */
  | { kind: 'pdf'; document: Uint8Array; pageIndex: number; widthPt: number; heightPt: number };

export interface Page {
  id: string;
  source: PageSource;
  /** Clockwise, applied on top of the source (the PDF page's /Rotate). */
  rotation: Rotation;
  /** A small JPEG, unrotated (the UI turns it by `rotation`); null where none could be made. */
  thumbnail: Uint8Array | null;
}

export type PageListErrorCode = 'unknown_page' | 'not_a_permutation' | 'index_out_of_range';

export class PageListError extends Error {
  constructor(
    readonly code: PageListErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PageListError';
  }
}

export function pageFromImage(image: PageImage, id: string = newId()): Page {
  return { id, source: { kind: 'image', image }, rotation: 0, thumbnail: image.thumbnail };
}

function indexOf(pages: readonly Page[], id: string): number {
  const index = pages.findIndex((page) => page.id === id);
  if (index < 0) throw new PageListError('unknown_page', `no page ${id}`);
  return index;
}

/** Moves one page (drag and drop in the strip, or Alt+←/→). */
export function movePage(pages: readonly Page[], from: number, to: number): Page[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= pages.length || to >= pages.length) {
    throw new PageListError('index_out_of_range', `move ${from} → ${to} in ${pages.length} pages`);
  }
  const next = [...pages];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as Page);
  return next;
}

/** Puts the pages in the given order; `order` must name every page exactly once. */
export function reorderPages(pages: readonly Page[], order: readonly string[]): Page[] {
  const byId = new Map(pages.map((page) => [page.id, page]));
  if (order.length !== pages.length || new Set(order).size !== order.length || !order.every((id) => byId.has(id))) {
    throw new PageListError('not_a_permutation', 'the new order must name every page exactly once');
  }
  return order.map((id) => byId.get(id) as Page);
}

/** Turns a page by quarter turns (1 = 90° clockwise, -1 = 90° anticlockwise). */
export function rotatePage(pages: readonly Page[], id: string, quarterTurns: number): Page[] {
  const index = indexOf(pages, id);
  if (!Number.isInteger(quarterTurns)) throw new PageListError('index_out_of_range', `quarter turns ${quarterTurns}`);
  const page = pages[index] as Page;
  const rotation = ((((page.rotation + quarterTurns * 90) % 360) + 360) % 360) as Rotation;
  const next = [...pages];
  next[index] = { ...page, rotation };
  return next;
}

export function deletePage(pages: readonly Page[], id: string): Page[] {
  const index = indexOf(pages, id);
  return [...pages.slice(0, index), ...pages.slice(index + 1)];
}

/** Rescan of one page: the new page takes the old one's place (and its id, so the UI keeps its selection). */
export function replacePage(pages: readonly Page[], id: string, replacement: Page): Page[] {
  const index = indexOf(pages, id);
  const next = [...pages];
  next[index] = { ...replacement, id };
  return next;
}

/** Inserts pages (a further scan, an imported file) at `index` (pages.length = at the end). */
export function insertPages(pages: readonly Page[], index: number, added: readonly Page[]): Page[] {
  if (!Number.isInteger(index) || index < 0 || index > pages.length) throw new PageListError('index_out_of_range', `insert at ${index} in ${pages.length} pages`);
  return [...pages.slice(0, index), ...added, ...pages.slice(index)];
}
