CREATE TABLE countries (
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL,
    email text NOT NULL,
    country text REFERENCES countries (code)
);
