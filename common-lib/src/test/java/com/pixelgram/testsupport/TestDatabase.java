package com.pixelgram.testsupport;

/**
 * A database created for one test class.
 *
 * @param name the database name
 * @param url its JDBC URL
 * @param username user name
 * @param password password
 */
public record TestDatabase(String name, String url, String username, String password) {

}
