package com.pixelgram.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running stack holds, read from outside as an operator would: each part's
 * resident memory and CPU time (from {@code /proc} and the JDK's process handles), the
 * services' outbox backlogs (their Prometheus endpoints) and the queues' depths (the SQS
 * query API).
 */
final class StackProbe {

	private static final Pattern OUTBOX_PENDING = Pattern
		.compile("(?m)^pixelgram_outbox_pending(?:\\{[^}]*})?\\s+([0-9.eE+-]+|NaN)");

	private static final Pattern QUEUE_URL = Pattern.compile("<QueueUrl>([^<]+)</QueueUrl>");

	private static final Pattern ATTRIBUTE = Pattern
		.compile("<Name>(ApproximateNumberOfMessages(?:NotVisible|Delayed)?)</Name>\\s*<Value>(\\d+)</Value>");

	private final ChaosStack stack;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	StackProbe(ChaosStack stack) {
		this.stack = stack;
	}

	/** Resident memory of each part, in MB (the sum over its processes). */
	Map<String, Double> residentMegabytes() {
		Map<String, Double> resident = new LinkedHashMap<>();
		this.stack.processes()
			.forEach((part, processes) -> resident.put(part,
					processes.stream().mapToLong(StackProbe::residentKilobytes).sum() / 1024.0));
		return resident;
	}

	/** CPU time the whole stack has used so far (processes that ended excluded). */
	Duration cpu() {
		return this.stack.processes()
			.values()
			.stream()
			.flatMap(List::stream)
			.map((process) -> process.info().totalCpuDuration().orElse(Duration.ZERO))
			.reduce(Duration.ZERO, Duration::plus);
	}

	/**
	 * Events written to the services' outboxes and not yet sent, or -1 when a service
	 * could not say.
	 */
	long outboxPending() {
		long pending = 0;
		for (String service : ChaosStack.SERVICES) {
			if (service.equals(ChaosStack.GATEWAY)) {
				continue;
			}
			String metrics = get(this.stack.management(service) + "/actuator/prometheus");
			if (metrics == null) {
				return -1;
			}
			Matcher matcher = OUTBOX_PENDING.matcher(metrics);
			while (matcher.find()) {
				if (matcher.group(1).equals("NaN")) {
					return -1;
				}
				pending += (long) Double.parseDouble(matcher.group(1));
			}
		}
		return pending;
	}

	/**
	 * Messages in every queue (visible, in flight and delayed), dead-letter queues
	 * included; -1 when the SQS server could not say.
	 */
	long queued() {
		String endpoint = this.stack.sqsEndpoint();
		String list = get(endpoint + "/?Action=ListQueues");
		if (list == null) {
			return -1;
		}
		long queued = 0;
		Matcher queues = QUEUE_URL.matcher(list);
		while (queues.find()) {
			String queue = URI.create(queues.group(1)).getPath();
			String attributes = get(endpoint + queue + "?Action=GetQueueAttributes&AttributeName.1="
					+ URLEncoder.encode("All", StandardCharsets.UTF_8));
			if (attributes == null) {
				return -1;
			}
			Matcher attribute = ATTRIBUTE.matcher(attributes);
			while (attribute.find()) {
				queued += Long.parseLong(attribute.group(2));
			}
		}
		return queued;
	}

	/**
	 * The sum of a metric's series in a service process's Prometheus scrape, over the
	 * series whose labels contain every one of {@code labels} (such as
	 * {@code outcome="acquired"}); -1 when the process could not say.
	 * @param process a service, or a second replica ({@link ChaosStack#second})
	 * @param metric the metric's name as Prometheus shows it
	 * @param labels label pairs, written as in the scrape
	 */
	double sum(String process, String metric, String... labels) {
		String metrics = get(this.stack.management(process) + "/actuator/prometheus");
		if (metrics == null) {
			return -1;
		}
		double sum = 0;
		for (String line : metrics.split("\n")) {
			if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
				continue;
			}
			String series = line.substring(0, line.lastIndexOf(' '));
			if (Arrays.stream(labels).allMatch(series::contains)) {
				sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

	private static long residentKilobytes(ProcessHandle process) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException ex) {
			// ended since it was listed
		}
		return 0;
	}

	private String get(String url) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
