package com.pixelgram.events;

/** A message on an event queue that is not an event envelope. */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message) {
		super(message);
	}

}
