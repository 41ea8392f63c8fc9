// Dates as staff read them: dd.MM.yyyy, in Almaty time whatever the machine's own zone.
export const TIME_ZONE = 'Asia/Almaty';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

function toDate(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/** dd.MM.yyyy */
export function formatDate(value: Date | string): string {
  const p = parts(dateFormat, toDate(value));
  return `${p.day}.${p.month}.${p.year}`;
}

/** dd.MM.yyyy HH:mm */
export function formatDateTime(value: Date | string): string {
  const date = toDate(value);
  const t = parts(timeFormat, date);
  return `${formatDate(date)} ${t.hour}:${t.minute}`;
}
