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

-- addresses has no tenant column: a child of customers.
CREATE TABLE addresses (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    street text
);

CREATE TABLE deliveries (
    id bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL,
    address_id bigint NOT NULL REFERENCES addresses (id)
);
