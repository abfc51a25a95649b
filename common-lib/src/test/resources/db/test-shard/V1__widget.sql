CREATE TABLE widget (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE delivery (
    event_id uuid PRIMARY KEY,
    type     text    NOT NULL,
    handled  integer NOT NULL
);
