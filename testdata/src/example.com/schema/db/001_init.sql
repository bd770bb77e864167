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

CREATE TABLE tags (
    id bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL
);

-- customer_tags has no tenant column: a link between two scoped tables.
CREATE TABLE customer_tags (
    customer_id bigint NOT NULL REFERENCES customers (id),
    tag_id bigint NOT NULL REFERENCES tags (id)
);
