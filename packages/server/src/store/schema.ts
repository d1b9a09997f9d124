/** The tables of the store (PostgreSQL 15+, embedded or server). Created when missing. */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS medsupply_documents (
  seq bigserial PRIMARY KEY,
  document_id text NOT NULL UNIQUE,
  document_type text NOT NULL,
  schema_version text NOT NULL,
  document_status text NOT NULL,
  supersedes text,
  status text NOT NULL DEFAULT 'active',
  replaced_by text,
  created_at timestamptz NOT NULL,
  created_at_text text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  sender text NOT NULL,
  sender_keys text[] NOT NULL,
  products text[] NOT NULL,
  locations text[] NOT NULL,
  content_hash text NOT NULL,
  body bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS medsupply_documents_type ON medsupply_documents (document_type, seq);
CREATE INDEX IF NOT EXISTS medsupply_documents_supersedes ON medsupply_documents (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX IF NOT EXISTS medsupply_documents_products ON medsupply_documents USING gin (products);
CREATE INDEX IF NOT EXISTS medsupply_documents_locations ON medsupply_documents USING gin (locations);
CREATE INDEX IF NOT EXISTS medsupply_documents_sender ON medsupply_documents USING gin (sender_keys);
CREATE TABLE IF NOT EXISTS medsupply_bulk_jobs (
  id text PRIMARY KEY,
  mode text NOT NULL,
  status text NOT NULL,
  received integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  identical integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text,
  spool_path text NOT NULL
);
-- Queue mode (decision 0020): the number of records a job holds once its submission was acknowledged.
ALTER TABLE medsupply_bulk_jobs ADD COLUMN IF NOT EXISTS expected integer;
CREATE TABLE IF NOT EXISTS medsupply_bulk_results (
  job_id text NOT NULL REFERENCES medsupply_bulk_jobs (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  line integer NOT NULL,
  document_id text,
  outcome text NOT NULL,
  issues jsonb NOT NULL,
  PRIMARY KEY (job_id, idx)
);
-- Queue messages that name no bulk job and could not be stored (poison), recorded once per message.
CREATE TABLE IF NOT EXISTS medsupply_queue_rejections (
  message_key text PRIMARY KEY,
  document_id text,
  subject text NOT NULL,
  issues jsonb NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS medsupply_subscriptions (
  id text PRIMARY KEY,
  url text NOT NULL,
  document_types text[] NOT NULL,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered bigint NOT NULL DEFAULT 0,
  last_error text
);
CREATE TABLE IF NOT EXISTS medsupply_deliveries (
  id bigserial PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES medsupply_subscriptions (id) ON DELETE CASCADE,
  document_seq bigint NOT NULL REFERENCES medsupply_documents (seq),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text
);
CREATE INDEX IF NOT EXISTS medsupply_deliveries_head ON medsupply_deliveries (subscription_id, id);
`;
