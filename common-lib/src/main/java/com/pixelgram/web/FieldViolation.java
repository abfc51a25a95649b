package com.pixelgram.web;

/**
 * One entry of the {@code errors} array of a validation problem.
 *
 * @param field the input as the client names it (snake_case for body fields, the
 * parameter name for query and path parameters), or {@code null} for a rule about the
 * whole input
 * @param message what is wrong with it
 */
public record FieldViolation(String field, String message) {

}
