CREATE TABLE issues (id bigserial PRIMARY KEY, workspace_id uuid NOT NULL, title text);
