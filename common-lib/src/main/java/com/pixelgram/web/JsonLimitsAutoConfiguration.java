package com.pixelgram.web;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * Bounds what the application's {@link JsonMapper} parses ({@link JsonLimitsProperties}),
 * so that a hostile body is refused while it streams in instead of being held whole.
 * <p>
 * The constraints live in the {@link JsonFactory}, which a {@link JsonMapper.Builder}
 * takes at creation and a {@link JsonMapperBuilderCustomizer} cannot replace. So this
 * provides the builder Boot would, on a constrained factory, and applies every customizer
 * to it as Boot does ({@code spring.jackson.*} included); Boot's builder and mapper then
 * back off or build on it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ JsonMapper.class, JsonMapperBuilderCustomizer.class })
@EnableConfigurationProperties(JsonLimitsProperties.class)
public class JsonLimitsAutoConfiguration {

	@Bean
	@Scope("prototype")
	@ConditionalOnMissingBean
	JsonMapper.Builder constrainedJsonMapperBuilder(JsonLimitsProperties limits,
			ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		JsonFactory factory = JsonFactory.builder().streamReadConstraints(limits.constraints()).build();
		JsonMapper.Builder builder = JsonMapper.builder(factory);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

}
