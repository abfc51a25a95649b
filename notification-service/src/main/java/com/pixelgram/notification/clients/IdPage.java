package com.pixelgram.notification.clients;

import java.util.List;

/**
 * A page of user IDs and the cursor of the next one.
 *
 * @param ids the IDs, in the service's order
 * @param nextAfter the {@code after} of the next page, or {@code null} after the last
 */
public record IdPage(List<Long> ids, Long nextAfter) {

}
