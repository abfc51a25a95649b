-- What the erasure of a deleted account must find in every shard: the notifications it
-- made, its likes in like groups, the silences and post subscriptions that name it.
CREATE INDEX notification_actor ON notification (actor_id);
CREATE INDEX post_like_actor ON post_like (actor_id);
CREATE INDEX silenced_actor_actor ON silenced_actor (actor_id);
CREATE INDEX post_subscription_subscriber ON post_subscription (subscriber_id);
