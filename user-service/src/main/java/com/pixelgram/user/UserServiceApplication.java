package com.pixelgram.user;

import java.io.IOException;
import java.nio.file.Path;

import com.pixelgram.shard.ShardMigration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Accounts, tokens, profiles, the follow graph and user search. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UserServiceApplication {

	public static void main(String[] args) throws IOException {
		if (args.length == 2 && SigningKeyFile.COMMAND.equals(args[0])) {
			// compose's one-shot key job: make the key if the volume has none, then exit.
			boolean created = SigningKeyFile.createIfAbsent(Path.of(args[1]));
			System.out
				.println(created ? "Generated a signing key in " + args[1] : "Kept the signing key in " + args[1]);
			return;
		}
		if (ShardMigration.requested(args)) {
			// the chart's migration Job: migrate every schema, then exit
			ShardMigration.runAndExit(args);
		}
		SpringApplication.run(UserServiceApplication.class, args);
	}

}
