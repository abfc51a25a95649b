-- Whose activity must not notify a user, in the user's shard, kept from user-service's block
-- and mute events: a row per user, actor and reason ('b' the user blocked the actor, 'B' the
-- actor blocked the user, 'm' the user muted the actor), with the time of the newest change,
-- so that a late older event never overrides a newer one and lifting one reason leaves the
-- others standing. Creating a notification looks its recipient and actor up here, in the
-- same transaction.
CREATE TABLE silenced_actor (
    user_id    bigint      NOT NULL,
    actor_id   bigint      NOT NULL,
    reason     char(1)     NOT NULL CHECK (reason IN ('b', 'B', 'm')),
    silenced   boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, actor_id, reason)
);
