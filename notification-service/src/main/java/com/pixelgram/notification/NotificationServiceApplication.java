package com.pixelgram.notification;

import com.pixelgram.shard.ShardMigration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Notifications of likes, comments, follows and new posts. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotificationServiceApplication {

	public static void main(String[] args) {
		if (ShardMigration.requested(args)) {
			// the chart's migration Job: migrate every schema, then exit
			ShardMigration.runAndExit(args);
		}
		SpringApplication.run(NotificationServiceApplication.class, args);
	}

}
