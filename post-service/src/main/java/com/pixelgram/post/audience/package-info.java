/**
 * Who may see, like and comment on whose posts: blocks, private accounts and their
 * followers, kept from user-service's events. Its listener, the consumer of
 * {@code post-events}, also hands data-export requests to {@code export}.
 */
@ApplicationModule(allowedDependencies = "export")
package com.pixelgram.post.audience;

import org.springframework.modulith.ApplicationModule;
