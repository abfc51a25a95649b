package com.pixelgram.notification.push;

import java.util.Map;

/**
 * What a device shows, and the data the app needs to open the right screen.
 *
 * @param title the title
 * @param body the text
 * @param data string pairs for the app ({@code notification_id}, {@code type},
 * {@code post_id})
 */
record PushMessage(String title, String body, Map<String, String> data) {

}
