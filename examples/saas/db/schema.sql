-- Invoicing service schema (Postgres).
--
-- Every table a customer's data lives in carries tenant_id; the application
-- adds "tenant_id = $n" to every statement on them. plans is the price list
-- shared by all tenants.

CREATE TABLE plans (
    id          text PRIMARY KEY,            -- 'free', 'team', 'business'
    name        text NOT NULL,
    max_seats   integer NOT NULL,
    price_cents integer NOT NULL
);

-- Tenant ids are short slugs chosen at sign-up ("acme", "acme-eu").
CREATE TABLE tenants (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    plan_id    text NOT NULL REFERENCES plans (id),
    currency   char(3) NOT NULL DEFAULT 'EUR',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A user row is a membership: an accountant who works for several tenants
-- has one row per tenant, all with the identity provider's subject as id.
CREATE TABLE users (
    tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         text NOT NULL,
    email      text NOT NULL,
    role       text NOT NULL DEFAULT 'member',   -- 'owner' | 'member' | 'viewer'
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Invoice numbers are a per-tenant sequence (INV-2024-0001), so two tenants
-- have invoices with the same number; ids are random UUIDs.
CREATE TABLE invoices (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    number      text NOT NULL,
    customer    text NOT NULL,
    status      text NOT NULL DEFAULT 'draft',   -- 'draft' | 'sent' | 'paid' | 'void'
    currency    char(3) NOT NULL,
    due_date    date NOT NULL,
    notes       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, number)
);

CREATE TABLE invoice_lines (
    tenant_id        text NOT NULL,
    invoice_id       uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    description      text NOT NULL,
    quantity         integer NOT NULL,
    unit_price_cents bigint NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Attachments are stored on local disk under <root>/<tenant>/<stored_name>.
CREATE TABLE attachments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   text NOT NULL,
    invoice_id  uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    file_name   text NOT NULL,
    stored_name text NOT NULL,
    size_bytes  bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    tenant_id  text NOT NULL,
    user_id    text NOT NULL,
    action     text NOT NULL,    -- 'invoice.create', 'invoice.update', ...
    subject    text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_tenant_status ON invoices (tenant_id, status, due_date);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
