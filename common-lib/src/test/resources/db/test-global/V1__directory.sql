CREATE TABLE directory (
    name text PRIMARY KEY,
    id   bigint NOT NULL
);
