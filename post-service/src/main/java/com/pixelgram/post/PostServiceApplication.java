package com.pixelgram.post;

import com.pixelgram.shard.ShardMigration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Photo uploads, renditions on S3, posts, likes and comments. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PostServiceApplication {

	public static void main(String[] args) {
		if (ShardMigration.requested(args)) {
			// the chart's migration Job: migrate every schema, then exit
			ShardMigration.runAndExit(args);
		}
		SpringApplication.run(PostServiceApplication.class, args);
	}

}
