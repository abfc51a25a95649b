package com.pixelgram.notification.push;

import java.util.Map;

/** Sends through the provider of the device's platform, else through the default one. */
class PlatformRoutingSender implements PushSender {

	private final Map<String, PushSender> byPlatform;

	private final PushSender fallback;

	PlatformRoutingSender(Map<String, PushSender> byPlatform, PushSender fallback) {
		this.byPlatform = Map.copyOf(byPlatform);
		this.fallback = fallback;
	}

	@Override
	public Outcome send(Device device, PushMessage message) {
		return this.byPlatform.getOrDefault(device.platform(), this.fallback).send(device, message);
	}

}
