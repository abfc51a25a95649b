package com.pixelgram.id;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** One {@link IdGenerator} per process, configured by {@link IdProperties}. */
@AutoConfiguration
@EnableConfigurationProperties(IdProperties.class)
public class IdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdGenerator idGenerator(IdProperties properties) {
		return new IdGenerator(properties.nodeBits(), properties.nodeId(), System::currentTimeMillis);
	}

}
