package com.pixelgram.user.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.util.HtmlUtils;

/**
 * Fills the templates under {@code mail/}: {@code {{name}}} is replaced by the model's
 * value, HTML-escaped in the HTML body. A name the model lacks is an error, so that a
 * mail never goes out with a hole in it.
 */
final class MailRenderer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

	private final Map<MailTemplate, String> texts = new EnumMap<>(MailTemplate.class);

	private final Map<MailTemplate, String> htmls = new EnumMap<>(MailTemplate.class);

	MailRenderer() {
		for (MailTemplate template : MailTemplate.values()) {
			this.texts.put(template, load("mail/" + template.templateName() + ".txt"));
			this.htmls.put(template, load("mail/" + template.templateName() + ".html"));
		}
	}

	String text(MailTemplate template, Map<String, String> model) {
		return fill(this.texts.get(template), model, UnaryOperator.identity());
	}

	String html(MailTemplate template, Map<String, String> model) {
		return fill(this.htmls.get(template), model, HtmlUtils::htmlEscape);
	}

	private static String fill(String template, Map<String, String> model, UnaryOperator<String> escape) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder filled = new StringBuilder();
		while (matcher.find()) {
			String value = model.get(matcher.group(1));
			if (value == null) {
				throw new IllegalArgumentException("no value for {{" + matcher.group(1) + "}}");
			}
			matcher.appendReplacement(filled, Matcher.quoteReplacement(escape.apply(value)));
		}
		matcher.appendTail(filled);
		return filled.toString();
	}

	private static String load(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the mail template " + path, ex);
		}
	}

}
