// Loads the working-day calendar (one JSON file a year) for the main process and checks every file
// with the calendar's schema. The files shipped with the app are in resources/calendar (next to the
// app: process.resourcesPath when packaged, the repository's resources/ when run from source); a
// file of the same year in <data folder>/calendar replaces the shipped one, so a decree that moves
// days off can be applied without a new release. A file that does not pass the schema is left out
// and reported; its year is then missing and deadlines in it are refused, never guessed.
import fs from 'node:fs';
import path from 'node:path';
import { shippedResourceDir } from '../resources-dir';
import { calendarYearSchema, createCalendar, type Calendar, type CalendarYear } from '../../shared/calendar/working-days';

export interface CalendarProblem {
  file: string;
  problem: string;
}

export interface LoadedCalendar {
  calendar: Calendar;
  /** Where each year came from. */
  sources: Record<number, string>;
  problems: CalendarProblem[];
}

/** The shipped calendar folder. */
export function shippedCalendarDir(): string | null {
  return shippedResourceDir('calendar');
}

function readYears(dir: string, problems: CalendarProblem[]): Map<number, { data: CalendarYear; file: string }> {
  const years = new Map<number, { data: CalendarYear; file: string }>();
  if (!fs.existsSync(dir)) return years;
  for (const name of fs.readdirSync(dir).filter((entry) => /^\d{4}\.json$/.test(entry)).sort()) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const parsed = calendarYearSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      problems.push({ file, problem: `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}` });
      continue;
    }
    if (`${parsed.data.year}.json` !== name) {
      problems.push({ file, problem: `the file holds the year ${parsed.data.year}` });
      continue;
    }
    years.set(parsed.data.year, { data: parsed.data, file });
  }
  return years;
}

export function loadCalendar(options: { shippedDir?: string | null; overrideDir?: string | null } = {}): LoadedCalendar {
  const problems: CalendarProblem[] = [];
  const shippedDir = options.shippedDir === undefined ? shippedCalendarDir() : options.shippedDir;
  const years = shippedDir ? readYears(shippedDir, problems) : new Map<number, { data: CalendarYear; file: string }>();
  if (options.overrideDir) for (const [year, entry] of readYears(options.overrideDir, problems)) years.set(year, entry);
  const sorted = [...years.entries()].sort(([a], [b]) => a - b);
  return {
    calendar: createCalendar(sorted.map(([, entry]) => entry.data)),
    sources: Object.fromEntries(sorted.map(([year, entry]) => [year, entry.file])),
    problems,
  };
}
