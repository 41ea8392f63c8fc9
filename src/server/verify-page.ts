// The page a phone opens after scanning a document's QR code: one self-contained HTML page (no
// scripts, no images, no external resources; the CSP allows only its inline style), in Kazakh,
// Russian and English, saying whether the register has the document and, when it does, what the
// document prints so that the holder can compare; or, when the client address has made too many
// checks (the rate limit, 429), when to try again. Everything shown is escaped.
import type { DocumentCheckQuery, DocumentCheckReply } from '../shared/server-api';

export const VERIFY_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Headers the page is sent with. */
export const VERIFY_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': VERIFY_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};

type Lang = 'kk' | 'ru' | 'en';
type Trilingual = Record<Lang, string>;
const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

const TEXT = {
  title: { kk: 'Құжатты тексеру', ru: 'Проверка документа', en: 'Document check' },
  valid: {
    kk: 'Құжат тізілімде бар. Оның деректерін қолыңыздағы құжатпен салыстырыңыз.',
    ru: 'Документ есть в реестре. Сверьте его данные с документом у вас в руках.',
    en: 'The document is in the register. Compare its data with the document you hold.',
  },
  hashMismatch: {
    kk: 'Құжат жарамсыз: бұл нөмірмен мазмұны басқа құжат тіркелген. Құжат өзгертілген немесе жалған болуы мүмкін.',
    ru: 'Документ недействителен: под этим номером зарегистрирован документ с другим содержимым. Документ мог быть изменён или подделан.',
    en: 'The document is not valid: a document with different content is registered under this number. It may have been changed or forged.',
  },
  notFound: {
    kk: 'Құжат тізілімде жоқ: мұндай құжат тіркелмеген.',
    ru: 'Документа нет в реестре: такой документ не зарегистрирован.',
    en: 'The document is not in the register: no such document was registered.',
  },
  invalid: {
    kk: 'Сілтеме толық емес немесе бүлінген. Құжаттағы кодты қайта сканерлеңіз.',
    ru: 'Ссылка неполная или повреждена. Отсканируйте код на документе ещё раз.',
    en: 'The link is incomplete or damaged. Scan the code on the document again.',
  },
  document: { kk: 'Құжат', ru: 'Документ', en: 'Document' },
  number: { kk: 'Нөмірі', ru: 'Номер', en: 'Number' },
  issuedOn: { kk: 'Берілген күні', ru: 'Дата выдачи', en: 'Date of issue' },
  issuer: { kk: 'Берушінің БСН (коды)', ru: 'БИН (код) выдавшего', en: 'Issuer’s BIN (code)' },
  provider: { kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Service provider' },
  signer: { kk: 'Қол қойған', ru: 'Подписал', en: 'Signed by' },
  checked: { kk: 'Тексерілген нөмір', ru: 'Проверенный номер', en: 'Number checked' },
} satisfies Record<string, Trilingual>;

/** The rate limit's message (429): the client address made too many checks; when to try again. */
const rateLimitedText = (seconds: string): Trilingual => ({
  kk: `Бұл мекенжайдан тексеру сұраулары тым көп келді. ${seconds} секундтан кейін қайталап көріңіз.`,
  ru: `С этого адреса пришло слишком много запросов на проверку. Повторите через ${seconds} с.`,
  en: `Too many checks have come from this address. Try again in ${seconds} seconds.`,
});

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** YYYY-MM-DD → DD.MM.YYYY, as documents print dates. */
function printedDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

function label(text: Trilingual): string {
  return LANGS.map((lang) => `<span lang="${lang}">${escapeHtml(text[lang])}</span>`).join('<span class="sep"> / </span>');
}

function message(text: Trilingual): string {
  return LANGS.map((lang) => `<p lang="${lang}">${escapeHtml(text[lang])}</p>`).join('');
}

function row(name: Trilingual, value: string): string {
  return `<tr><th scope="row">${label(name)}</th><td>${value}</td></tr>`;
}

const bilingual = (value: { kk: string; ru: string }) =>
  value.kk === value.ru ? `<span lang="kk">${escapeHtml(value.kk)}</span>` : `<span lang="kk">${escapeHtml(value.kk)}</span><br><span lang="ru">${escapeHtml(value.ru)}</span>`;

const STYLE = `
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;background:#f4f6f8}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
.status{border-radius:.5rem;padding:.75rem 1rem;margin-bottom:1rem;border:2px solid}
.status p{margin:.25rem 0}
.status p+p{color:#3d4651}
.valid{background:#e8f5ec;border-color:#2e7d46}
.invalid{background:#fdecec;border-color:#b3261e}
.wait{background:#fff6e0;border-color:#a35f00}
.mark{font-size:1.5rem;font-weight:700;float:right;margin-left:.5rem}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:.5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .75rem;border-bottom:1px solid #e1e5ea;word-break:break-word}
th{font-weight:600;font-size:.85rem;color:#3d4651;width:40%}
.sep{color:#8a94a0}
`;

export type VerifyPageInput = { query: DocumentCheckQuery; reply: DocumentCheckReply } | { invalid: true };

export function verifyPage(input: VerifyPageInput): string {
  let body: string;
  if ('invalid' in input) {
    body = `<section class="status invalid" role="alert">${message(TEXT.invalid)}</section>`;
  } else if (input.reply.status === 'valid' && input.reply.document) {
    const doc = input.reply.document;
    body =
      `<section class="status valid" role="status"><span class="mark" aria-hidden="true">✓</span>${message(TEXT.valid)}</section>` +
      `<table><tbody>` +
      row(TEXT.document, bilingual(doc.title)) +
      row(TEXT.number, escapeHtml(doc.number)) +
      row(TEXT.issuedOn, escapeHtml(printedDate(doc.issuedOn))) +
      row(TEXT.issuer, escapeHtml(doc.issuer)) +
      row(TEXT.provider, bilingual(doc.providerName)) +
      row(TEXT.signer, escapeHtml(doc.signerName ?? '—')) +
      `</tbody></table>`;
  } else {
    const text = input.reply.status === 'hash_mismatch' ? TEXT.hashMismatch : TEXT.notFound;
    body =
      `<section class="status invalid" role="alert"><span class="mark" aria-hidden="true">✗</span>${message(text)}</section>` +
      `<table><tbody>${row(TEXT.checked, escapeHtml(input.query.no))}</tbody></table>`;
  }
  return page(body);
}

/** The page when the client address has made too many checks (429): when to try again. */
export function rateLimitedPage(retryAfterSeconds: number): string {
  const seconds = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  return page(`<section class="status wait" role="alert">${message(rateLimitedText(seconds))}</section>`);
}

function page(body: string): string {
  return (
    `<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex">` +
    `<title>${LANGS.map((lang) => escapeHtml(TEXT.title[lang])).join(' · ')}</title>` +
    `<style>${STYLE}</style></head>` +
    `<body><main><h1>${label(TEXT.title)}</h1>${body}</main></body></html>`
  );
}
