// Bulk loading of registry records into the simulators' tables, in batches, idempotently.
import { foldName, type AttachmentRecord, type LegalEntity, type Payment, type Person, type PowerOfAttorney } from '../../shared/registry';
import type { Sql } from '../db/sql';

const BATCH = 2_000;

async function inBatches<T>(records: Iterable<T>, write: (batch: T[]) => Promise<void>): Promise<number> {
  let batch: T[] = [];
  let count = 0;
  for (const record of records) {
    batch.push(record);
    if (batch.length === BATCH) {
      await write(batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await write(batch);
    count += batch.length;
  }
  return count;
}

export function loadPeople(sql: Sql, people: Iterable<Person>): Promise<number> {
  return inBatches(people, async (batch) => {
    const rows = batch.map((p) => ({
      iin: p.iin,
      surname: p.surname,
      name: p.name,
      patronymic: p.patronymic,
      surname_key: foldName(p.surname),
      name_key: foldName(p.name),
      birth_date: p.birthDate,
      record: p,
    }));
    await sql.query(
      `INSERT INTO national.person (iin, surname, name, patronymic, surname_key, name_key, birth_date, record)
       SELECT iin, surname, name, patronymic, surname_key, name_key, birth_date::date, record
       FROM json_to_recordset($1::json) AS x(iin text, surname text, name text, patronymic text,
            surname_key text, name_key text, birth_date text, record jsonb)
       ON CONFLICT (iin) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  });
}

export function loadLegalEntities(sql: Sql, entities: Iterable<LegalEntity>): Promise<number> {
  return inBatches(entities, async (batch) => {
    const rows = batch.map((e) => ({ bin: e.bin, head_iin: e.headIin, record: e }));
    await sql.query(
      `INSERT INTO national.legal_entity (bin, head_iin, record)
       SELECT bin, head_iin, record FROM json_to_recordset($1::json) AS x(bin text, head_iin text, record jsonb)
       ON CONFLICT (bin) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  });
}

export function loadAttachments(sql: Sql, records: Iterable<AttachmentRecord>): Promise<number> {
  return inBatches(records, async (batch) => {
    await sql.query(
      `INSERT INTO national.attachment (iin, record)
       SELECT iin, record FROM json_to_recordset($1::json) AS x(iin text, record jsonb) ON CONFLICT (iin) DO NOTHING`,
      [JSON.stringify(batch.map((r) => ({ iin: r.iin, record: r })))],
    );
  });
}

export function loadPowersOfAttorney(sql: Sql, records: Iterable<PowerOfAttorney>): Promise<number> {
  return inBatches(records, async (batch) => {
    const rows = batch.map((r) => ({ number: r.number, principal_iin: r.principalIin, representative_iin: r.representativeIin, record: r }));
    await sql.query(
      `INSERT INTO national.power_of_attorney (number, principal_iin, representative_iin, record)
       SELECT number, principal_iin, representative_iin, record
       FROM json_to_recordset($1::json) AS x(number text, principal_iin text, representative_iin text, record jsonb)
       ON CONFLICT (number) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  });
}

export function loadPayments(sql: Sql, records: Iterable<Payment>): Promise<number> {
  return inBatches(records, async (batch) => {
    await sql.query(
      `INSERT INTO national.payment (reference, payer_id, record)
       SELECT reference, payer_id, record FROM json_to_recordset($1::json) AS x(reference text, payer_id text, record jsonb)
       ON CONFLICT (reference) DO NOTHING`,
      [JSON.stringify(batch.map((r) => ({ reference: r.reference, payer_id: r.payerId, record: r })))],
    );
  });
}
