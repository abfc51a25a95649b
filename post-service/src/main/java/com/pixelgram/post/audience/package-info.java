/**
 * Who may see, like and comment on whose posts: blocks, private accounts and their
 * followers, kept from user-service's events. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.pixelgram.post.audience;

import org.springframework.modulith.ApplicationModule;
