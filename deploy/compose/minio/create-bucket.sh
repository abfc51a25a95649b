#!/bin/sh
# One-shot set-up of the media store, run by the minio-bucket service of docker-compose.yml
# after MinIO is healthy and before post-service starts. Safe to run on every `up`:
# - the media bucket;
# - anonymous read of the rendition prefix (r/) only, which is what CloudFront does in
#   production: image URLs are {cdn-base-url}/{key}, so clients fetch renditions straight
#   from the bucket, while the originals (originals/) stay private;
# - post-service's own access key, limited to that bucket, instead of the root user;
# - user-service's own access key, which only reads the data-export zips (exports/) it
#   presigns download links to.
set -eu

. /config/user-policy.sh

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${MEDIA_BUCKET:?}"
: "${MEDIA_ACCESS_KEY:?}" "${MEDIA_SECRET_KEY:?}" "${EXPORTS_ACCESS_KEY:?}" "${EXPORTS_SECRET_KEY:?}"

mc alias set pixelgram http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "pixelgram/$MEDIA_BUCKET"
mc anonymous set-json /config/media-public-read.json "pixelgram/$MEDIA_BUCKET"
mc admin policy create pixelgram pixelgram-post-service /config/post-service-policy.json
mc admin user add pixelgram "$MEDIA_ACCESS_KEY" "$MEDIA_SECRET_KEY"
# attaching a policy the user already has fails, hence the check on every run after the first
if ! mc admin user info pixelgram "$MEDIA_ACCESS_KEY" | user_has_policy pixelgram-post-service; then
	mc admin policy attach pixelgram pixelgram-post-service --user "$MEDIA_ACCESS_KEY"
fi
mc admin policy create pixelgram pixelgram-user-service /config/user-service-policy.json
mc admin user add pixelgram "$EXPORTS_ACCESS_KEY" "$EXPORTS_SECRET_KEY"
if ! mc admin user info pixelgram "$EXPORTS_ACCESS_KEY" | user_has_policy pixelgram-user-service; then
	mc admin policy attach pixelgram pixelgram-user-service --user "$EXPORTS_ACCESS_KEY"
fi
echo "Bucket $MEDIA_BUCKET ready: renditions public, originals private"
