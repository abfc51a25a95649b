package com.pixelgram.gateway.ratelimit;

import java.time.Duration;

/** A rule applied to one subject: the counter a request must fit in. */
record Quota(String rule, String subject, long limit, Duration window) {

}
