# Sourced by create-bucket.sh; kept apart so that its decision can be tested on mc's output.
# POSIX sh only: the minio/mc image has no grep or awk to rely on.

# Succeeds when the `mc admin user info` output on stdin lists policy $1 on its
# "PolicyName:" line (a comma-separated list, empty for a user without policies).
# The other lines do not count: the first one is "AccessKey: <key>", and the key may
# well spell the policy's name.
user_has_policy() {
	wanted=$1
	found=1
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%"$(printf '\r')"}
		case $line in
		PolicyName:*)
			saved_ifs=$IFS
			IFS=', '
			set -f
			for policy in ${line#PolicyName:}; do
				if [ "$policy" = "$wanted" ]; then
					found=0
				fi
			done
			set +f
			IFS=$saved_ifs
			;;
		esac
	done
	return $found
}
