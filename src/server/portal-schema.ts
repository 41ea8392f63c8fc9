// The central server's tables for the portal's side (migration 8): the applicant's view of each
// request that came from the portal, the notifications the applicant is sent, the result documents
// they can download, and the portal's number series per provider and year.
export const PORTAL_MIGRATION_SQL = `
  CREATE TABLE portal_request (
    request_id text PRIMARY KEY,
    number text NOT NULL UNIQUE,
    provider_code text NOT NULL,
    service_code text NOT NULL,
    operation text,
    applicant_kind text NOT NULL,
    applicant_id char(12) NOT NULL,
    signer_iin char(12) NOT NULL,
    payment_ref text,
    state text NOT NULL,
    deadline text,
    refusal_ground text,
    registered_at text NOT NULL,
    updated_at timestamptz NOT NULL,
    submission jsonb NOT NULL,
    signature bytea NOT NULL,
    -- A submission sent again (the portal retrying) is the same signature: answered with its request.
    signature_sha256 char(64) NOT NULL UNIQUE
  );
  CREATE INDEX portal_request_applicant ON portal_request (applicant_id, registered_at);
  CREATE UNIQUE INDEX portal_request_payment ON portal_request (payment_ref) WHERE payment_ref IS NOT NULL;
  CREATE TABLE portal_notification (
    seq bigserial PRIMARY KEY,
    request_id text NOT NULL REFERENCES portal_request (request_id),
    change_id uuid UNIQUE,
    at text NOT NULL,
    kind text NOT NULL,
    state text,
    text text NOT NULL,
    params jsonb,
    reason text
  );
  CREATE INDEX portal_notification_request ON portal_notification (request_id, seq);
  CREATE TABLE portal_result (
    document_id text PRIMARY KEY,
    request_id text NOT NULL REFERENCES portal_request (request_id),
    number text NOT NULL,
    kind text NOT NULL,
    action text NOT NULL,
    issued_on text NOT NULL,
    issued_at text,
    sha256 char(64) NOT NULL,
    pdf_sha256 char(64) NOT NULL,
    pdf_size bigint,
    delivered_at text
  );
  CREATE INDEX portal_result_request ON portal_result (request_id, number);
  CREATE TABLE portal_number_seq (
    provider_code text NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (provider_code, year)
  );`;
